#include "lib/client/server_identity_verifier.h"

#include <functional>
#include <utility>
#include <vector>

#include <grpcpp/security/tls_certificate_verifier.h>
#include <grpcpp/support/status.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace stablecut::client {
namespace {

class ServerIdentityVerifier final : public grpc::experimental::ExternalCertificateVerifier {
 public:
  explicit ServerIdentityVerifier(std::string identity) : identity_(std::move(identity)) {}

  // Synchronous: the check reads the request alone.
  bool Verify(grpc::experimental::TlsCustomVerificationCheckRequest* request,
              std::function<void(grpc::Status)> /*callback*/,
              grpc::Status* sync_status) override {
    std::vector<std::string> names;
    for (auto const& uri : request->uri_names()) {
      names.emplace_back(uri.data(), uri.size());
      if (names.back() == identity_) {
        *sync_status = grpc::Status::OK;
        return true;
      }
    }
    *sync_status = grpc::Status(
        grpc::StatusCode::UNAUTHENTICATED,
        absl::StrCat("server identity check failed: the certificate names ",
                     names.empty() ? "no URI" : absl::StrJoin(names, ", "), ", not ", identity_));
    return true;
  }

  void Cancel(grpc::experimental::TlsCustomVerificationCheckRequest* /*request*/) override {}

 private:
  std::string identity_;
};

}  // namespace

std::shared_ptr<grpc::experimental::CertificateVerifier> MakeServerIdentityVerifier(
    std::string identity) {
  return grpc::experimental::ExternalCertificateVerifier::Create<ServerIdentityVerifier>(
      std::move(identity));
}

}  // namespace stablecut::client
