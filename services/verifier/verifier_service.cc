#include "services/verifier/verifier_service.h"

#include "lib/server/not_built.h"

namespace stablecut::verifier {
namespace {

constexpr char kIssue[] = "the verifier service issue (not filed yet)";

}  // namespace

grpc::Status VerifierServiceImpl::Verify(grpc::ServerContext* context, v1::VerifyRequest const*,
                                         v1::Verdict*) {
  return server::NotBuilt(guard_, *context, "/stablecut.v1.VerifierService/Verify", kIssue);
}

grpc::Status VerifierServiceImpl::PickCandidate(grpc::ServerContext* context,
                                                v1::PickCandidateRequest const*,
                                                v1::PickCandidateResponse*) {
  return server::NotBuilt(guard_, *context, "/stablecut.v1.VerifierService/PickCandidate",
                          kIssue);
}

}  // namespace stablecut::verifier
