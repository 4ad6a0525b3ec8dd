#pragma once
// Issues (labels AND-ed, state, since) and their events (docs/reference/github.md §10).

#include "tools/sandbox/github_router.h"

namespace stablecut::sandbox {

void RegisterIssueRoutes(GitHubRouter& router);

}  // namespace stablecut::sandbox
