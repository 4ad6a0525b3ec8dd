#pragma once
// The PEM material of one mTLS endpoint (a server port, or a client of a peer) and the gRPC
// certificate provider made from it. Services read and check the files once at start, so a
// bad file is named before anything listens; with a reload interval gRPC then reads them
// again on that interval, so a renewed certificate, key or CA (cert-manager renewing it, a
// Kubernetes Secret updated in place) takes effect for new connections without a restart.

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace grpc::experimental {
class CertificateProviderInterface;
}  // namespace grpc::experimental

namespace stablecut::auth {

struct TlsMaterial {
  std::string ca_pem;    // the CA certificate(s) the other side must chain to
  std::string cert_pem;  // our certificate chain
  std::string key_pem;   // its private key
  // Where the PEMs were read from. With all three set and a positive reload_interval, the
  // provider reads these files again every reload_interval (rounded up to whole seconds,
  // gRPC's unit); otherwise it serves the PEMs above for the life of the process.
  std::string ca_file;
  std::string cert_file;
  std::string key_file;
  absl::Duration reload_interval = absl::ZeroDuration();

  bool Reloads() const;
};

// What a renewed certificate waits for when the config is silent: cert-manager renews well
// before expiry, and a Kubernetes Secret volume takes about a minute to show a change anyway.
inline constexpr absl::Duration kDefaultTlsReloadInterval = absl::Seconds(60);

// A TlsConfig's reload_interval: "" is kDefaultTlsReloadInterval, "0s" reads the files only at
// start, anything else must be at least one second. INVALID_ARGUMENT with what to write.
absl::StatusOr<absl::Duration> ParseTlsReloadInterval(absl::string_view text);

// A provider serving the root certificates and one identity key/certificate pair (both
// unnamed, as TlsCredentialsOptions watches them by default).
std::shared_ptr<grpc::experimental::CertificateProviderInterface> MakeCertificateProvider(
    TlsMaterial const& material);

}  // namespace stablecut::auth
