#pragma once
// stablecut.v1.CandidateService. Its RPCs are not built yet (issue #4): each answers
// UNIMPLEMENTED, after the ACL and with its log line, so the API is visible and guarded.

#include "lib/server/rpc_guard.h"
#include "stablecut/v1/candidate.grpc.pb.h"

namespace stablecut::candidate {

class CandidateServiceImpl final : public v1::CandidateService::Service {
 public:
  explicit CandidateServiceImpl(server::RpcGuard const& guard) : guard_(guard) {}

  grpc::Status CreateCandidate(grpc::ServerContext* context,
                               v1::CreateCandidateRequest const* request,
                               v1::Candidate* response) override;
  grpc::Status GetCandidate(grpc::ServerContext* context, v1::GetCandidateRequest const* request,
                            v1::Candidate* response) override;
  grpc::Status ListCandidates(grpc::ServerContext* context,
                              v1::ListCandidatesRequest const* request,
                              v1::ListCandidatesResponse* response) override;
  grpc::Status FinalizeCandidates(grpc::ServerContext* context,
                                  v1::FinalizeCandidatesRequest const* request,
                                  v1::FinalizeCandidatesResponse* response) override;
  grpc::Status PromoteCandidate(grpc::ServerContext* context,
                                v1::PromoteCandidateRequest const* request,
                                v1::Candidate* response) override;

 private:
  server::RpcGuard const& guard_;
};

}  // namespace stablecut::candidate
