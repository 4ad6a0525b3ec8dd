#pragma once
// The web host's raw files, as github.com/<owner>/<repo>/raw/<ref>/<path> serves them (the
// contents API's download_url): a file of a public repository at a branch, tag or commit,
// as text, without a token. What a downstream integrator publishes its list of integrated
// commits as (the verifier's integrated_commits_url).

#include <httplib.h>

#include "tools/sandbox/github_router.h"

namespace stablecut::sandbox {

// GET /github-web/<owner>/<repo>/raw/<ref>/<path>: 200 with the file, else 404.
void RegisterRawRoutes(httplib::Server& server, GitHubEnv& env);

}  // namespace stablecut::sandbox
