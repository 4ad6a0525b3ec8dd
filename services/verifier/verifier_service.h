#pragma once
// stablecut.v1.VerifierService. Its RPCs are not built yet (the verifier issue): each answers
// UNIMPLEMENTED, after the ACL and with its log line, so the API is visible and guarded.

#include "lib/server/rpc_guard.h"
#include "stablecut/v1/verifier.grpc.pb.h"

namespace stablecut::verifier {

class VerifierServiceImpl final : public v1::VerifierService::Service {
 public:
  explicit VerifierServiceImpl(server::RpcGuard const& guard) : guard_(guard) {}

  grpc::Status Verify(grpc::ServerContext* context, v1::VerifyRequest const* request,
                      v1::Verdict* response) override;
  grpc::Status PickCandidate(grpc::ServerContext* context,
                             v1::PickCandidateRequest const* request,
                             v1::PickCandidateResponse* response) override;

 private:
  server::RpcGuard const& guard_;
};

}  // namespace stablecut::verifier
