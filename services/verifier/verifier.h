#pragma once
// The verifier's logic: fetches what the criteria read from GitHub (concurrently), runs every
// check, and answers Verify and PickCandidate. Writes nothing.

#include <functional>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
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
  std::shared_ptr<Shared> LoadShared(http::CallContext const& context) const;
  // The objections check of `tag`: its proposal among the shared proposal issues, and
  // that comments.
  v1::Check Objections(http::CallContext const& context, Shared const& shared,
                       std::string const& tag) const;
  v1::Verdict Evaluate(http::CallContext const& context, Shared& shared,
                       github::Release const& release) const;

  github::Api& api_;
  VerifierSettings const& settings_;
  std::function<absl::Time()> clock_;
  CandidateStateLookup lookup_;
  TextFetcher fetch_text_;
};

// "age FAIL: 3 days old, needs 4 days (...)" for each check that is not PASS, "; "-joined.
std::string DescribeRejection(v1::Verdict const& verdict);

}  // namespace stablecut::verifier
