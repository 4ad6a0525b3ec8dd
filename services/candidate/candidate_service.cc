#include "services/candidate/candidate_service.h"

#include "lib/server/not_built.h"

namespace stablecut::candidate {
namespace {

constexpr char kIssue[] = "the candidate service issue (#4)";

}  // namespace

grpc::Status CandidateServiceImpl::CreateCandidate(grpc::ServerContext* context,
                                                   v1::CreateCandidateRequest const*,
                                                   v1::Candidate*) {
  return server::NotBuilt(guard_, *context, "/stablecut.v1.CandidateService/CreateCandidate",
                          kIssue);
}

grpc::Status CandidateServiceImpl::GetCandidate(grpc::ServerContext* context,
                                                v1::GetCandidateRequest const*, v1::Candidate*) {
  return server::NotBuilt(guard_, *context, "/stablecut.v1.CandidateService/GetCandidate",
                          kIssue);
}

grpc::Status CandidateServiceImpl::ListCandidates(grpc::ServerContext* context,
                                                  v1::ListCandidatesRequest const*,
                                                  v1::ListCandidatesResponse*) {
  return server::NotBuilt(guard_, *context, "/stablecut.v1.CandidateService/ListCandidates",
                          kIssue);
}

grpc::Status CandidateServiceImpl::FinalizeCandidates(grpc::ServerContext* context,
                                                      v1::FinalizeCandidatesRequest const*,
                                                      v1::FinalizeCandidatesResponse*) {
  return server::NotBuilt(guard_, *context,
                          "/stablecut.v1.CandidateService/FinalizeCandidates", kIssue);
}

grpc::Status CandidateServiceImpl::PromoteCandidate(grpc::ServerContext* context,
                                                    v1::PromoteCandidateRequest const*,
                                                    v1::Candidate*) {
  return server::NotBuilt(guard_, *context, "/stablecut.v1.CandidateService/PromoteCandidate",
                          kIssue);
}

}  // namespace stablecut::candidate
