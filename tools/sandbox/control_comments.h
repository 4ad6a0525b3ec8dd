#pragma once
// POST /_control/comments: a test adds a comment to an issue as any user, with any author
// association and creation time, which the GitHub API itself cannot (its comments are the
// write token's user's, made now). See tools/sandbox/README.md for the body.

#include <httplib.h>

#include "tools/sandbox/github_router.h"

namespace stablecut::sandbox {

void RegisterControlCommentRoutes(httplib::Server& server, GitHubEnv& env);

}  // namespace stablecut::sandbox
