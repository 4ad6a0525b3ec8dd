#include "services/verifier/ancestry_checks.h"

#include "absl/strings/str_cat.h"
#include "lib/release/ancestry.h"
#include "lib/release/commit_sha.h"
#include "services/verifier/check.h"

namespace stablecut::verifier {

std::string ComparisonCounts(github::Comparison const& comparison) {
  return absl::StrCat(comparison.status, ", ", comparison.ahead_by, " ahead, ",
                      comparison.behind_by, " behind");
}

std::string DescribeComparison(github::Comparison const& comparison) {
  return absl::StrCat("compare: ", ComparisonCounts(comparison));
}

v1::Check OnDefaultBranchCheck(std::string const& sha, std::string const& branch,
                               absl::StatusOr<github::Comparison> const& branch_to_commit) {
  std::string short_sha = release::ShortSha(sha);
  std::string asked = absl::StrCat("compare ", branch, "...", short_sha);
  if (!branch_to_commit.ok()) {
    if (branch_to_commit.status().code() == absl::StatusCode::kNotFound) {
      return Fail(kOnDefaultBranch,
                  absl::StrCat("commit ", short_sha, " shares no history with ", branch,
                               " (GitHub: ", branch_to_commit.status().message(), ")"),
                  {asked + ": not found"});
    }
    return Unreadable(kOnDefaultBranch, asked, branch_to_commit.status());
  }
  std::string evidence = DescribeComparison(*branch_to_commit);
  std::vector<std::string> considered = {
      absl::StrCat(asked, ": ", ComparisonCounts(*branch_to_commit))};
  if (release::IsAncestorOrSame(*branch_to_commit)) {
    return Pass(kOnDefaultBranch,
                absl::StrCat("commit ", short_sha, " is on ", branch, " (", evidence, ")"),
                std::move(considered));
  }
  return Fail(kOnDefaultBranch,
              absl::StrCat("commit ", short_sha, " is not on ", branch, " (", evidence,
                           "): a cherry-pick or a commit of another branch"),
              std::move(considered));
}

v1::Check AfterStableCheck(std::string const& sha, std::optional<ReleaseRef> const& stable,
                           absl::StatusOr<github::Comparison> const& candidate_to_stable) {
  std::string short_sha = release::ShortSha(sha);
  if (!stable) {
    return Pass(kAfterStable, "there is no stable release yet: nothing to move backwards from");
  }
  std::string stable_short = release::ShortSha(stable->sha);
  std::string asked = absl::StrCat("compare ", short_sha, "...", stable_short, " (",
                                   stable->tag, ")");
  if (!candidate_to_stable.ok()) {
    if (candidate_to_stable.status().code() == absl::StatusCode::kNotFound) {
      return Fail(kAfterStable,
                  absl::StrCat("commit ", short_sha, " shares no history with ", stable->tag,
                               " at ", stable_short, " (GitHub: ",
                               candidate_to_stable.status().message(), ")"),
                  {asked + ": not found"});
    }
    return Unreadable(kAfterStable, asked, candidate_to_stable.status());
  }
  std::string evidence = DescribeComparison(*candidate_to_stable);
  std::vector<std::string> considered = {
      absl::StrCat(asked, ": ", ComparisonCounts(*candidate_to_stable))};
  if (release::IsAncestorOrSame(*candidate_to_stable)) {
    return Pass(kAfterStable,
                absl::StrCat("commit ", short_sha, " ",
                             candidate_to_stable->status == "identical" ? "is" : "descends from",
                             " the stable release ", stable->tag, " at ", stable_short, " (",
                             evidence, ")"),
                std::move(considered));
  }
  return Fail(kAfterStable,
              absl::StrCat("commit ", short_sha, " does not contain the stable release ",
                           stable->tag, " at ", stable_short, " (", evidence,
                           "): promoting it would move latest backwards"),
              std::move(considered));
}

}  // namespace stablecut::verifier
