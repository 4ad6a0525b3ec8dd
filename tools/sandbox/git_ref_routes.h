#pragma once
// Git references: get, list matching, create, update, delete (github-rest.md §6).

#include "tools/sandbox/github_router.h"

namespace stablecut::sandbox {

void RegisterGitRefRoutes(GitHubRouter& router);

}  // namespace stablecut::sandbox
