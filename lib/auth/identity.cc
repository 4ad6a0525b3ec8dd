#include "lib/auth/identity.h"

#include <memory>

#include <grpcpp/security/auth_context.h>
#include <openssl/bio.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace stablecut::auth {
namespace {

// gRPC's name for the peer's verified certificate in the auth context
// (GRPC_X509_PEM_CERT_PROPERTY_NAME in grpc_security_constants.h).
constexpr char kPemCertProperty[] = "x509_pem_cert";

struct BioFree {
  void operator()(BIO* bio) const { BIO_free(bio); }
};
struct X509Free {
  void operator()(X509* cert) const { X509_free(cert); }
};
struct GeneralNamesFree {
  void operator()(GENERAL_NAMES* names) const { GENERAL_NAMES_free(names); }
};

std::string FirstUriSan(X509* cert) {
  std::unique_ptr<GENERAL_NAMES, GeneralNamesFree> names(static_cast<GENERAL_NAMES*>(
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

}  // namespace

absl::StatusOr<std::string> IdentityFromPemCertificate(absl::string_view pem) {
  std::unique_ptr<BIO, BioFree> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  if (!bio) return absl::ResourceExhaustedError("out of memory reading a certificate");
  std::unique_ptr<X509, X509Free> cert(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
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
  auto identity = IdentityFromPemCertificate(absl::string_view(pems.front().data(), pems.front().size()));
  if (!identity.ok()) return absl::UnauthenticatedError(identity.status().message());
  return identity;
}

}  // namespace stablecut::auth
