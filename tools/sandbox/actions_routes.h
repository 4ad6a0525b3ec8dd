#pragma once
// Workflow dispatch: 204, or 200 with run details when asked; the runs those dispatches
// started, with their status as build.yml runs them (docs/reference/github.md §11).

#include "tools/sandbox/github_router.h"

namespace stablecut::sandbox {

void RegisterActionsRoutes(GitHubRouter& router);

}  // namespace stablecut::sandbox
