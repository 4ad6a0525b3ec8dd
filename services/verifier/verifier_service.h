#pragma once
// stablecut.v1.VerifierService: the gRPC face of Verifier, behind the RpcGuard (ACL, logging,
// status mapping); every GitHub call carries the RPC's deadline and cancellation.

#include "lib/server/rpc_guard.h"
#include "services/verifier/verifier.h"
#include "stablecut/v1/verifier.grpc.pb.h"

namespace stablecut::verifier {

class VerifierServiceImpl final : public v1::VerifierService::Service {
 public:
  VerifierServiceImpl(server::RpcGuard const& guard, Verifier const& verifier)
      : guard_(guard), verifier_(verifier) {}

  grpc::Status Verify(grpc::ServerContext* context, v1::VerifyRequest const* request,
                      v1::Verdict* response) override;
  grpc::Status PickCandidate(grpc::ServerContext* context,
                             v1::PickCandidateRequest const* request,
                             v1::PickCandidateResponse* response) override;

 private:
  server::RpcGuard const& guard_;
  Verifier const& verifier_;
};

}  // namespace stablecut::verifier
