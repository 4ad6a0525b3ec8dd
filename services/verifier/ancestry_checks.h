#pragma once
// The checks that compare commits of the project: on_default_branch and after_stable.

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/types/optional.h"
#include "lib/github/types.h"
#include "stablecut/v1/verifier.pb.h"

namespace stablecut::verifier {

// A release as the checks name it: its tag, commit and publication time.
struct ReleaseRef {
  std::string tag;
  std::string sha;
  absl::optional<absl::Time> published_at;
};

// "behind, 0 ahead, 3 behind".
std::string ComparisonCounts(github::Comparison const& comparison);
// "compare: behind, 0 ahead, 3 behind".
std::string DescribeComparison(github::Comparison const& comparison);

// `on_default_branch`: the commit is the branch's head or an ancestor of it (no cherry-pick
// off the branch). `branch_to_commit` is GitHub's compare branch...sha.
v1::Check OnDefaultBranchCheck(std::string const& sha, std::string const& branch,
                               absl::StatusOr<github::Comparison> const& branch_to_commit);

// `after_stable`: the commit equals or descends from the previous stable release's commit,
// so promoting it cannot move "latest" backwards. `candidate_to_stable` is GitHub's compare
// candidate_sha...stable_sha (unused without a stable release, which passes).
v1::Check AfterStableCheck(std::string const& sha, std::optional<ReleaseRef> const& stable,
                           absl::StatusOr<github::Comparison> const& candidate_to_stable);

}  // namespace stablecut::verifier
