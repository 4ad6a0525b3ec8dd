#pragma once
// Issue comments: listed oldest first, and posted by the write token's user
// (docs/reference/github.md §10.2).

#include "tools/sandbox/github_router.h"

namespace stablecut::sandbox {

void RegisterCommentRoutes(GitHubRouter& router);

}  // namespace stablecut::sandbox
