#include "services/publisher/grpc_peers.h"

namespace stablecut::publisher {

GrpcPeers::GrpcPeers(client::PeerChannel verifier, client::PeerChannel candidates)
    : verifier_(std::move(verifier)),
      candidates_(std::move(candidates)),
      verifier_stub_(v1::VerifierService::NewStub(verifier_.channel())),
      candidate_stub_(v1::CandidateService::NewStub(candidates_.channel())) {}

absl::StatusOr<v1::Verdict> GrpcPeers::Verify(http::CallContext const& context,
                                              std::string const& tag) {
  auto call = verifier_.NewCallContext(context.deadline());
  v1::VerifyRequest request;
  request.set_tag(tag);
  v1::Verdict verdict;
  grpc::Status status = verifier_stub_->Verify(call.get(), request, &verdict);
  if (!status.ok()) return verifier_.Error(status, "Verify");
  return verdict;
}

absl::StatusOr<v1::Candidate> GrpcPeers::GetCandidate(http::CallContext const& context,
                                                      std::string const& tag) {
  auto call = candidates_.NewCallContext(context.deadline());
  v1::GetCandidateRequest request;
  request.set_tag(tag);
  v1::Candidate candidate;
  grpc::Status status = candidate_stub_->GetCandidate(call.get(), request, &candidate);
  if (!status.ok()) return candidates_.Error(status, "GetCandidate");
  return candidate;
}

absl::StatusOr<v1::Candidate> GrpcPeers::Promote(
    http::CallContext const& context, std::string const& tag,
    std::vector<std::string> const& published_files) {
  auto call = candidates_.NewCallContext(context.deadline());
  v1::PromoteCandidateRequest request;
  request.set_tag(tag);
  for (auto const& file : published_files) request.add_published_files(file);
  v1::Candidate candidate;
  grpc::Status status = candidate_stub_->PromoteCandidate(call.get(), request, &candidate);
  if (!status.ok()) return candidates_.Error(status, "PromoteCandidate");
  return candidate;
}

}  // namespace stablecut::publisher
