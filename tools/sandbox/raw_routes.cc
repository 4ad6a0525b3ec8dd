#include "tools/sandbox/raw_routes.h"

#include <string>

#include "absl/synchronization/mutex.h"
#include "tools/sandbox/repo_queries.h"
#include "tools/sandbox/state.h"

namespace stablecut::sandbox {

void RegisterRawRoutes(httplib::Server& server, GitHubEnv& env) {
  server.Get("/github-web/([^/]+)/([^/]+)/raw/([^/]+)/(.+)",
             [&env](httplib::Request const& req, httplib::Response& res) {
               absl::MutexLock lock(&env.store->mu());
               Repo* repo = env.store->state().FindRepo(req.matches[1].str(), req.matches[2].str());
               Commit const* commit =
                   repo == nullptr ? nullptr : ResolveCommit(*repo, req.matches[3].str());
               if (commit != nullptr) {
                 auto file = commit->files.find(req.matches[4].str());
                 if (file != commit->files.end()) {
                   res.set_content(file->second, "text/plain; charset=utf-8");
                   return;
                 }
               }
               res.status = 404;
               res.set_content("404: Not Found", "text/plain; charset=utf-8");
             });
}

}  // namespace stablecut::sandbox
