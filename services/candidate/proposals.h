#pragma once
// Release proposals: the GitHub issue per candidate where maintainers may object before it
// is promoted (ProposeCandidate), commented and closed once a candidate is promoted.

#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "lib/clock/clock.h"
#include "lib/github/api.h"
#include "lib/http/call_context.h"
#include "services/candidate/candidates.h"
#include "stablecut/v1/candidate.pb.h"
#include "stablecut/v1/verifier.pb.h"

namespace stablecut::candidate {

// The verifier's verdict of a tag (the peer channel in the service; a fake in tests).
// Unset: no verifier is configured.
using VerdictSource =
    std::function<absl::StatusOr<v1::Verdict>(http::CallContext const&, std::string const&)>;

// Thread-safe.
class Proposals {
 public:
  Proposals(github::Api& github, CandidateSettings const& settings, Candidates& candidates,
            VerdictSource verdicts);

  // Opens the proposal of a published pre-release, or edits the existing one with a fresh
  // verdict (and reopens it if it was closed). INVALID_ARGUMENT for a malformed tag,
  // NOT_FOUND for an unknown one, FAILED_PRECONDITION for a draft, a stable release, no
  // verifier configured, or GitHub refusing the issue write (naming `issues: write`);
  // ABORTED while another call proposes the same tag; the verifier's errors as it gave them.
  absl::StatusOr<v1::Proposal> Propose(http::CallContext const& context, std::string const& tag);

  // After `promoted` was promoted: comments on its open proposal (its release page and
  // `published_files`) and closes it, and closes every older candidate's open proposal
  // with a comment naming the promoted one. Newer candidates' proposals stay open. Best
  // effort: the promotion stands whatever happens here; the error says what was not done.
  absl::Status AfterPromotion(http::CallContext const& context, CandidateInfo const& promoted,
                              std::vector<std::string> const& published_files);

 private:
  absl::StatusOr<v1::Proposal> Write(http::CallContext const& context, v1::Verdict const& verdict);
  // After opening `opened`: the oldest proposal of `tag` when it is another's (ours is then
  // closed as its duplicate), else nullopt.
  std::optional<github::Issue> OldestAfterOpening(http::CallContext const& context,
                                                  github::IssueQuery const& query,
                                                  std::string const& tag,
                                                  github::Issue const& opened);
  // Comments once: after a lost answer, a comment with the same body that is there counts.
  absl::Status Comment(http::CallContext const& context, int64_t number, std::string const& body);

  github::Api& github_;
  CandidateSettings const& settings_;
  Candidates& candidates_;
  VerdictSource verdicts_;
  absl::Mutex mu_;
  std::set<std::string> proposing_ ABSL_GUARDED_BY(mu_);
};

}  // namespace stablecut::candidate
