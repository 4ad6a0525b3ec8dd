#pragma once
// The checks that read the project's issues: p0_regressions and holds.

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "lib/github/types.h"
#include "services/verifier/ancestry_checks.h"
#include "stablecut/v1/verifier.pb.h"

namespace stablecut::verifier {

// A regression issue with what its closing needs: for a closed issue, the commit of its
// latest "closed" event ("" when it was closed without one) and, for such a commit, GitHub's
// compare candidate_sha...closing_commit.
struct RegressionIssue {
  github::Issue issue;
  absl::StatusOr<std::string> closing_commit = std::string();
  absl::StatusOr<github::Comparison> candidate_to_closing = github::Comparison();
};

// The commit of the latest "closed" event, "" when it has none (closed by hand).
std::string ClosingCommit(std::vector<github::IssueEvent> const& events);

// `p0_regressions`: no issue carrying every label, opened after the stable release was
// published (any issue when there is none), blocks: an open one blocks; a closed one blocks
// unless its closing commit is an ancestor of (or is) the candidate commit; one closed
// without a commit does not. A blocking issue makes it FAIL even when another one could not
// be read; otherwise an unreadable one makes it INCONCLUSIVE.
v1::Check P0RegressionsCheck(std::string const& tag, std::string const& sha,
                             std::vector<std::string> const& labels,
                             std::optional<ReleaseRef> const& stable,
                             absl::StatusOr<std::vector<RegressionIssue>> const& issues);

// Whether `title` names `tag` (not as a prefix of a longer tag) or says "all candidates",
// case-insensitively.
bool HoldNames(std::string const& title, std::string const& tag);

// `holds`: no open issue labelled `label` names the tag or says "all candidates" in its
// title. `open_issues`: the open issues carrying `label`.
v1::Check HoldsCheck(std::string const& tag, std::string const& label,
                     absl::StatusOr<std::vector<github::Issue>> const& open_issues);

}  // namespace stablecut::verifier
