#pragma once
// The asset storage host: short-lived signed URLs that GitHub's asset API redirects to, and
// the path serving them, which refuses a second auth mechanism as S3 does (§5.4).

#include <string>

#include <httplib.h>

#include "absl/time/time.h"
#include "tools/sandbox/github_router.h"
#include "tools/sandbox/state.h"

namespace stablecut::sandbox {

inline constexpr int64_t kSignedUrlSeconds = 300;

// "http://localhost:<port>/github-storage/<id>/<name>?X-Amz-...&X-Amz-Signature=<hmac>".
std::string SignedDownloadUrl(GitHubEnv const& env, Asset const& asset, absl::Time now);

// GET /github-storage/<id>/<name> and the web host's /releases/download/<tag>/<name>.
void RegisterStorageRoutes(httplib::Server& server, GitHubEnv& env);

}  // namespace stablecut::sandbox
