// Git reference routes.
#include "tools/sandbox/git_ref_routes.h"

#include <algorithm>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "tools/sandbox/body_schema.h"
#include "tools/sandbox/github_json.h"
#include "tools/sandbox/repo_queries.h"

namespace stablecut::sandbox {
namespace {

void GetRef(Call& call) {
  // Exact match only: "heads/main" or "tags/v1" (§6).
  auto it = call.repo->refs.find("refs/" + call.Match(3));
  if (it == call.repo->refs.end()) return call.NotFound();
  call.Json(200, RefJson(call.env, *call.repo, it->first, it->second));
}

void ListMatchingRefs(Call& call) {
  std::string prefix = "refs/" + call.Match(3);
  nlohmann::json items = nlohmann::json::array();
  for (auto const& [ref, sha] : call.repo->refs) {
    if (absl::StartsWith(ref, prefix)) items.push_back(RefJson(call.env, *call.repo, ref, sha));
  }
  call.Json(200, items);
}

void CreateRef(Call& call) {
  nlohmann::json body;
  if (!call.Body(&body) ||
      !CheckFieldTypes(call, body, {{"ref", JsonType::kString}, {"sha", JsonType::kString}})) {
    return;
  }
  if (!body.contains("ref")) return InvalidRequest(call, "\"ref\" wasn't supplied.");
  if (!body.contains("sha")) return InvalidRequest(call, "\"sha\" wasn't supplied.");
  std::string ref = body["ref"].get<std::string>();
  std::string sha = body["sha"].get<std::string>();
  if (!absl::StartsWith(ref, "refs/") || std::count(ref.begin(), ref.end(), '/') < 2) {
    return call.Error(422,
                      "Reference name must start with 'refs/' and have at least two "
                      "slashes.");
  }
  if (call.repo->commits.count(sha) == 0) return call.Error(422, "Object does not exist");
  if (call.repo->refs.count(ref) != 0) return call.Error(422, "Reference already exists");
  call.repo->refs[ref] = sha;
  if (!call.Save()) return;
  call.res.set_header("Location", absl::StrCat(call.env.RepoApi(*call.repo), "/git/", ref));
  call.Json(201, RefJson(call.env, *call.repo, ref, sha));
}

void UpdateRef(Call& call) {
  nlohmann::json body;
  if (!call.Body(&body) ||
      !CheckFieldTypes(call, body, {{"sha", JsonType::kString}, {"force", JsonType::kBoolean}})) {
    return;
  }
  if (!body.contains("sha")) return InvalidRequest(call, "\"sha\" wasn't supplied.");
  std::string ref = "refs/" + call.Match(3);
  auto it = call.repo->refs.find(ref);
  if (it == call.repo->refs.end()) return call.Error(422, "Reference does not exist");
  std::string sha = body["sha"].get<std::string>();
  if (call.repo->commits.count(sha) == 0) return call.Error(422, "Object does not exist");
  if (!body.value("force", false) && Ancestors(*call.repo, sha).count(it->second) == 0) {
    return call.Error(422, "Update is not a fast forward");
  }
  it->second = sha;
  if (!call.Save()) return;
  call.Json(200, RefJson(call.env, *call.repo, ref, sha));
}

void DeleteRef(Call& call) {
  auto it = call.repo->refs.find("refs/" + call.Match(3));
  if (it == call.repo->refs.end()) return call.Error(422, "Reference does not exist");
  call.repo->refs.erase(it);
  if (!call.Save()) return;
  call.res.status = 204;
}

}  // namespace

void RegisterGitRefRoutes(GitHubRouter& router) {
  router.Get("/git/ref/(.+)", GetRef);
  router.Get("/git/matching-refs/(.*)", ListMatchingRefs);
  router.Post("/git/refs", Need::kWrite, CreateRef);
  router.Patch("/git/refs/(.+)", Need::kWrite, UpdateRef);
  router.Delete("/git/refs/(.+)", Need::kWrite, DeleteRef);
}

}  // namespace stablecut::sandbox
