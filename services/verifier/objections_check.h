#pragma once
// The `objections` check: the community's say, read from the candidate's release proposal.

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "lib/github/types.h"
#include "stablecut/v1/verifier.pb.h"

namespace stablecut::verifier {

struct ObjectionsRule {
  absl::Duration window;
  std::string proposal_label;
  std::vector<std::string> objector_associations;
};

// PASS when the proposal has been open for the window with no standing objection; FAIL when
// a counted "/hold" stands (quoting who, when, its first line and a link), when there is no
// proposal, or when it was closed; INCONCLUSIVE while the window runs or when GitHub could
// not be read. Others' /hold and /unhold comments are listed as remarks and never block.
// `proposal`: the candidate's proposal found among `proposal_label`'s issues (nullopt: none);
// `comments`: its comments (not read when there is no proposal).
v1::Check ObjectionsCheck(std::string const& tag, ObjectionsRule const& rule, absl::Time now,
                          absl::StatusOr<std::optional<github::Issue>> const& proposal,
                          absl::StatusOr<std::vector<github::IssueComment>> const& comments);

}  // namespace stablecut::verifier
