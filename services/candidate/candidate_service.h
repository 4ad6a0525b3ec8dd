#pragma once
// stablecut.v1.CandidateService: the gRPC edge of the candidate logic.

#include "lib/server/rpc_guard.h"
#include "services/candidate/candidates.h"
#include "services/candidate/proposals.h"
#include "stablecut/v1/candidate.grpc.pb.h"

namespace stablecut::candidate {

class CandidateServiceImpl : public v1::CandidateService::Service {
 public:
  CandidateServiceImpl(server::RpcGuard const& guard, Candidates& candidates,
                       Proposals& proposals)
      : guard_(guard), candidates_(candidates), proposals_(proposals) {}

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
  grpc::Status ProposeCandidate(grpc::ServerContext* context,
                                v1::ProposeCandidateRequest const* request,
                                v1::Proposal* response) override;

 private:
  server::RpcGuard const& guard_;
  Candidates& candidates_;
  Proposals& proposals_;
};

}  // namespace stablecut::candidate
