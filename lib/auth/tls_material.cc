#include "lib/auth/tls_material.h"

#include <cmath>

#include <grpcpp/security/tls_certificate_provider.h>

#include "lib/config/reload_interval.h"

namespace stablecut::auth {

bool TlsMaterial::Reloads() const {
  return reload_interval > absl::ZeroDuration() && !ca_file.empty() && !cert_file.empty() &&
         !key_file.empty();
}

absl::StatusOr<absl::Duration> ParseTlsReloadInterval(absl::string_view text) {
  return config::ParseReloadInterval(text, kDefaultTlsReloadInterval, "the certificate files");
}

std::shared_ptr<grpc::experimental::CertificateProviderInterface> MakeCertificateProvider(
    TlsMaterial const& material) {
  if (material.Reloads()) {
    // gRPC replaces the pair only when both files read well, so a rotation must swap them
    // together (a Kubernetes volume does: it flips one symlink); an unreadable file keeps
    // the material read last.
    auto seconds = static_cast<unsigned int>(
        std::ceil(absl::ToDoubleSeconds(material.reload_interval)));
    return std::make_shared<grpc::experimental::FileWatcherCertificateProvider>(
        material.key_file, material.cert_file, material.ca_file, seconds);
  }
  return std::make_shared<grpc::experimental::StaticDataCertificateProvider>(
      material.ca_pem, std::vector<grpc::experimental::IdentityKeyCertPair>{
                           {material.key_pem, material.cert_pem}});
}

}  // namespace stablecut::auth
