#pragma once
// The contents API: files, directory listings and submodule pins (docs/reference/github.md §9).

#include "tools/sandbox/github_router.h"

namespace stablecut::sandbox {

void RegisterContentsRoutes(GitHubRouter& router);

}  // namespace stablecut::sandbox
