#pragma once
// Releases and their assets: list, get (by id, by tag, latest), create, update, delete,
// asset list/get/download (302 to storage) and the upload on the uploads host (§5).

#include "tools/sandbox/github_router.h"

namespace stablecut::sandbox {

void RegisterReleaseRoutes(GitHubRouter& router);

}  // namespace stablecut::sandbox
