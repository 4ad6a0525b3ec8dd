#pragma once
// Peers over the peer channels: the verifier's Verify, the candidate service's
// GetCandidate and PromoteCandidate.

#include <memory>

#include "lib/client/peer_channel.h"
#include "services/publisher/publish_deps.h"
#include "stablecut/v1/candidate.grpc.pb.h"
#include "stablecut/v1/verifier.grpc.pb.h"

namespace stablecut::publisher {

class GrpcPeers : public Peers {
 public:
  GrpcPeers(client::PeerChannel verifier, client::PeerChannel candidates);

  absl::StatusOr<v1::Verdict> Verify(http::CallContext const& context,
                                     std::string const& tag) override;
  absl::StatusOr<v1::Candidate> GetCandidate(http::CallContext const& context,
                                             std::string const& tag) override;
  absl::StatusOr<v1::Candidate> Promote(http::CallContext const& context, std::string const& tag,
                                        std::vector<std::string> const& published_files) override;

 private:
  client::PeerChannel verifier_;
  client::PeerChannel candidates_;
  std::unique_ptr<v1::VerifierService::Stub> verifier_stub_;
  std::unique_ptr<v1::CandidateService::Stub> candidate_stub_;
};

}  // namespace stablecut::publisher
