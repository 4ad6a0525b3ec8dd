#pragma once
// Commit ancestry as the release rules need it: "on the default branch" (no cherry-picks),
// "after the current stable", "upstream on main", and a branch's first-parent line.

#include <string>
#include <vector>

#include "lib/github/types.h"

namespace stablecut::release {

// Whether `head` is `base` or an ancestor of it, from GitHub's comparison base...head:
// "behind" (head lies behind base) or "identical". "ahead" and "diverged" mean head has
// commits base lacks (docs/reference/github.md §7).
bool IsAncestorOrSame(github::Comparison const& base_to_head);

// The first-parent line from `head_sha`: the head, its first parent, that one's first parent,
// and so on, as `git rev-list --first-parent` gives it. Only commits in `commits` (a listing
// of the branch, in any order) are known; the line ends at the first unknown commit. A
// pull request's own commits, merged by a merge commit, are not on it: main never had their
// trees.
std::vector<github::Commit> FirstParentLine(std::string const& head_sha,
                                            std::vector<github::Commit> const& commits);

}  // namespace stablecut::release
