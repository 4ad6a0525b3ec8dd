#include "services/verifier/verifier_service.h"

namespace stablecut::verifier {

grpc::Status VerifierServiceImpl::Verify(grpc::ServerContext* context,
                                         v1::VerifyRequest const* request,
                                         v1::Verdict* response) {
  return guard_.Handle(*context, "/stablecut.v1.VerifierService/Verify",
                       [&](auth::Caller const&) -> absl::Status {
                         auto verdict =
                             verifier_.Verify(guard_.OutboundContext(*context), request->tag());
                         if (!verdict.ok()) return verdict.status();
                         *response = *std::move(verdict);
                         return absl::OkStatus();
                       });
}

grpc::Status VerifierServiceImpl::PickCandidate(grpc::ServerContext* context,
                                                v1::PickCandidateRequest const*,
                                                v1::PickCandidateResponse* response) {
  return guard_.Handle(*context, "/stablecut.v1.VerifierService/PickCandidate",
                       [&](auth::Caller const&) -> absl::Status {
                         auto picked = verifier_.PickCandidate(guard_.OutboundContext(*context));
                         if (!picked.ok()) return picked.status();
                         *response = *std::move(picked);
                         return absl::OkStatus();
                       });
}

}  // namespace stablecut::verifier
