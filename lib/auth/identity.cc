#include "lib/auth/identity.h"

#include <memory>

#include <grpcpp/security/auth_context.h>
#include <openssl/bio.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "lib/auth/openssl_ptr.h"

namespace stablecut::auth {
namespace {

// gRPC's name for the peer's verified certificate in the auth context
// (GRPC_X509_PEM_CERT_PROPERTY_NAME in grpc_security_constants.h).
constexpr char kPemCertProperty[] = "x509_pem_cert";

std::string FirstUriSan(X509* cert) {
  internal::GeneralNames names(static_cast<GENERAL_NAMES*>(
      X509_get_ext_d2i(cert, NID_subject_alt_name, nullptr, nullptr)));
  if (!names) return "";
  for (int i = 0; i < sk_GENERAL_NAME_num(names.get()); ++i) {
    GENERAL_NAME const* name = sk_GENERAL_NAME_value(names.get(), i);
    if (name->type != GEN_URI) continue;
    ASN1_IA5STRING const* uri = name->d.uniformResourceIdentifier;
    return std::string(reinterpret_cast<char const*>(ASN1_STRING_get0_data(uri)),
                       static_cast<std::size_t>(ASN1_STRING_length(uri)));
  }
  return "";
}

std::string CommonName(X509* cert) {
  X509_NAME* subject = X509_get_subject_name(cert);
  if (subject == nullptr) return "";
  int index = X509_NAME_get_index_by_NID(subject, NID_commonName, -1);
  if (index < 0) return "";
  ASN1_STRING const* data = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(subject, index));
  unsigned char* utf8 = nullptr;
  int length = ASN1_STRING_to_UTF8(&utf8, data);
  if (length < 0) return "";
  std::string common_name(reinterpret_cast<char*>(utf8), static_cast<std::size_t>(length));
  OPENSSL_free(utf8);
  return common_name;
}

// The identities of the client certificates seen lately, by their PEM text. Parsing a PEM
// with OpenSSL 3.0 takes its decoder framework's global read-write locks, and it ran twice
// per RPC: under 64 concurrent callers those locks were the candidate service's largest
// cost. The identity is a function of the certificate's bytes alone (its chain was checked
// in the handshake), so remembering it changes nothing but the cost.
class IdentityCache {
 public:
  static IdentityCache& Get() {
    static IdentityCache* const cache = new IdentityCache;
    return *cache;
  }

  bool Find(absl::string_view pem, std::string* identity) {
    absl::MutexLock lock(&mu_);
    auto found = identities_.find(pem);
    if (found == identities_.end()) return false;
    *identity = found->second;
    return true;
  }

  void Remember(absl::string_view pem, std::string identity) {
    absl::MutexLock lock(&mu_);
    if (identities_.size() >= kMaxEntries) identities_.clear();  // bounded, whatever callers do
    identities_.emplace(std::string(pem), std::move(identity));
  }

 private:
  static constexpr std::size_t kMaxEntries = 1024;
  absl::Mutex mu_;
  absl::flat_hash_map<std::string, std::string> identities_ ABSL_GUARDED_BY(mu_);
};

}  // namespace

absl::StatusOr<std::string> IdentityFromPemCertificate(absl::string_view pem) {
  internal::Bio bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  if (!bio) return absl::ResourceExhaustedError("out of memory reading a certificate");
  internal::Cert cert(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
  if (!cert) return absl::InvalidArgumentError("the client certificate is not a valid PEM X.509");
  std::string identity = FirstUriSan(cert.get());
  if (identity.empty()) identity = CommonName(cert.get());
  if (identity.empty()) {
    return absl::InvalidArgumentError(
        "the client certificate names no identity: it needs a URI SAN or a subject CN");
  }
  return identity;
}

absl::StatusOr<std::string> IdentityFromAuthContext(grpc::AuthContext const& context) {
  auto pems = context.FindPropertyValues(kPemCertProperty);
  if (pems.empty()) {
    return absl::UnauthenticatedError(
        "no client certificate: call with a certificate signed by this server's CA");
  }
  absl::string_view pem(pems.front().data(), pems.front().size());
  std::string known;
  if (IdentityCache::Get().Find(pem, &known)) return known;
  auto identity = IdentityFromPemCertificate(pem);
  if (!identity.ok()) return absl::UnauthenticatedError(identity.status().message());
  IdentityCache::Get().Remember(pem, *identity);
  return identity;
}

}  // namespace stablecut::auth
