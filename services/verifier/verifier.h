#pragma once
// The verifier's logic: fetches what the criteria read from GitHub (concurrently), runs every
// check, and answers Verify and PickCandidate. Writes nothing.

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "lib/github/api.h"
#include "lib/http/call_context.h"
#include "services/verifier/verifier_settings.h"
#include "stablecut/v1/candidate.pb.h"
#include "stablecut/v1/verifier.pb.h"

namespace stablecut::verifier {

// Asks the candidate service for a candidate's state (GetCandidate), for a tag GitHub does
// not show: drafts are invisible to a read-only token.
using CandidateStateLookup = std::function<absl::StatusOr<v1::Candidate::State>(
    http::CallContext const& context, std::string const& tag)>;
// Fetches a text file (integrated_commits_url).
using TextFetcher = std::function<absl::StatusOr<std::string>(http::CallContext const& context,
                                                              std::string const& url)>;

// Thread-safe; keeps references to `api` and `settings`.
class Verifier {
 public:
  Verifier(github::Api& api, VerifierSettings const& settings, std::function<absl::Time()> clock,
           CandidateStateLookup lookup = nullptr, TextFetcher fetch_text = nullptr);
  ~Verifier();

  // The verdict of one candidate. INVALID_ARGUMENT for a malformed tag, NOT_FOUND for an
  // unknown one, FAILED_PRECONDITION for a draft or a stable release; the release list
  // failing is its error. A check whose data could not be read is INCONCLUSIVE instead.
  absl::StatusOr<v1::Verdict> Verify(http::CallContext const& context,
                                     std::string const& tag) const;

  // The newest pre-release candidate that is approved, with the verdicts of the newer ones.
  // NOT_FOUND listing each candidate's failing checks when none is approved.
  absl::StatusOr<v1::PickCandidateResponse> PickCandidate(http::CallContext const& context) const;

 private:
  struct Shared;
  // What the last Verify of a tag read after the release list: the next Verify of it asks
  // for the same (its second round of requests) while the release list and issues are
  // asked for, and uses those answers only when they are still what it needs.
  struct Prediction {
    std::string sha;
    std::string branch;
    std::vector<int64_t> closed_regressions;
    std::optional<int64_t> proposal;
  };
  std::shared_ptr<Shared> LoadShared(http::CallContext const& context,
                                     Prediction const* prediction = nullptr) const;
  void Prefetch(Shared& shared, Prediction const& prediction) const;
  std::optional<Prediction> Predicted(std::string const& tag) const;
  void Remember(std::string const& tag, Shared const& shared, v1::Verdict const& verdict) const;
  // The objections check of `tag`: its proposal among the shared proposal issues, and
  // that comments.
  v1::Check Objections(Shared const& shared, std::string const& tag) const;
  v1::Verdict Evaluate(http::CallContext const& context, Shared& shared,
                       github::Release const& release) const;

  github::Api& api_;
  VerifierSettings const& settings_;
  std::function<absl::Time()> clock_;
  CandidateStateLookup lookup_;
  TextFetcher fetch_text_;
  mutable absl::Mutex predictions_mu_;
  mutable std::map<std::string, Prediction> predictions_ ABSL_GUARDED_BY(predictions_mu_);
};

// "age FAIL: 3 days old, needs 4 days (...)" for each check that is not PASS, "; "-joined.
std::string DescribeRejection(v1::Verdict const& verdict);

}  // namespace stablecut::verifier
