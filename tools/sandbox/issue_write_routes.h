#pragma once
// Issue writes by the write token's user: open (POST /issues) and edit (PATCH /issues/{n}),
// with labels created on first use (docs/reference/github.md §10.1).

#include "tools/sandbox/github_router.h"

namespace stablecut::sandbox {

void RegisterIssueWriteRoutes(GitHubRouter& router);

}  // namespace stablecut::sandbox
