#pragma once
// Git references: get, list matching, create, update, delete (docs/reference/github.md §6).

#include "tools/sandbox/github_router.h"

namespace stablecut::sandbox {

void RegisterGitRefRoutes(GitHubRouter& router);

}  // namespace stablecut::sandbox
