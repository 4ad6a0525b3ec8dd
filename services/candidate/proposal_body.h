#pragma once
// The Markdown body of a release proposal issue: what maintainers read before they object.

#include <optional>
#include <string>

#include "absl/time/time.h"
#include "stablecut/v1/verifier.pb.h"

namespace stablecut::candidate {

// The verdict as a table (check, outcome, detail), the commit, the assets, the files that
// would be published to PyPI (the wheels and sdists among the assets), when the objection
// window ends (`window_ends`; nullopt when the verifier has no window) and how to object.
std::string RenderProposalBody(v1::Verdict const& verdict, std::optional<absl::Time> window_ends);

// The comment closing the promoted candidate's proposal.
std::string PromotedComment(std::string const& release_url,
                            std::vector<std::string> const& published_files);
// The comment closing an older candidate's proposal when another one was promoted.
std::string SupersededComment(std::string const& promoted_tag, std::string const& release_url);
// The comment closing a second proposal of the same candidate (two replicas of the candidate
// service opened one each at once) in favour of the oldest, `proposal_url`.
std::string DuplicateComment(int64_t proposal_number, std::string const& proposal_url);

}  // namespace stablecut::candidate
