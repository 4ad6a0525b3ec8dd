#pragma once
// A certificate authority made at test time with OpenSSL, minting a certificate per identity.

#include <memory>
#include <string>
#include <vector>

namespace stablecut::testing {

// A certificate and its private key, both PEM.
struct KeyPair {
  std::string cert_pem;
  std::string key_pem;
};

struct CertificateRequest {
  std::string common_name;           // subject CN; may be empty
  std::vector<std::string> uri_sans;  // e.g. "spiffe://stablecut/operator"
  std::vector<std::string> dns_sans;  // e.g. "localhost"
  std::vector<std::string> ip_sans;   // e.g. "127.0.0.1"
};

// EC P-256 keys, SHA-256 signatures, valid from an hour ago for a day. Aborts on an OpenSSL
// failure: that is a broken test machine, not a test result.
class TestCa {
 public:
  explicit TestCa(std::string const& name);
  ~TestCa();
  TestCa(TestCa&&) noexcept;

  std::string const& ca_pem() const;
  // A certificate for server and client use, signed by this CA.
  KeyPair Issue(CertificateRequest const& request) const;
  // A server certificate for localhost, 127.0.0.1 and ::1.
  KeyPair IssueServer() const;
  // A client certificate whose identity is `uri` (a URI SAN; CN "client").
  KeyPair IssueClient(std::string const& uri) const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace stablecut::testing
