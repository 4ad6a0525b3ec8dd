#pragma once
// The repository, its commits and branches, CI results (combined status, check runs) and
// compare (docs/reference/github.md §7, §8).

#include "tools/sandbox/github_router.h"

namespace stablecut::sandbox {

void RegisterCommitRoutes(GitHubRouter& router);

}  // namespace stablecut::sandbox
