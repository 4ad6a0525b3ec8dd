// Repository, commit, branch, CI and compare routes.
#include "tools/sandbox/commit_routes.h"

#include <algorithm>
#include <map>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "tools/sandbox/body_schema.h"
#include "tools/sandbox/clock.h"
#include "tools/sandbox/github_json.h"
#include "tools/sandbox/repo_queries.h"

namespace stablecut::sandbox {
namespace {

void NoCommit(Call& call, std::string const& ref) {
  // An unknown ref in an existing repository is 422, not 404 (§7).
  call.Error(422, absl::StrCat("No commit found for SHA: ", ref));
}

void GetRepo(Call& call) { call.Json(200, RepoJson(call.env, *call.repo)); }

void ListCommits(Call& call) {
  std::string from = call.Param("sha");
  if (from.empty()) from = call.repo->default_branch;
  Commit const* head = ResolveCommit(*call.repo, from);
  if (head == nullptr) return call.NotFound();
  std::string since = call.Param("since");
  std::string until = call.Param("until");
  nlohmann::json items = nlohmann::json::array();
  for (Commit const* commit : History(*call.repo, head->sha)) {
    if (!since.empty() && commit->date < since) continue;
    if (!until.empty() && commit->date > until) continue;
    items.push_back(CommitJson(call.env, *call.repo, *commit));
  }
  call.Page(items);
}

void GetCommit(Call& call) {
  Commit const* commit = ResolveCommit(*call.repo, call.Match(3));
  if (commit == nullptr) return NoCommit(call, call.Match(3));
  if (absl::StrContains(call.req.get_header_value("Accept"), "application/vnd.github.sha")) {
    call.res.status = 200;
    call.res.set_content(commit->sha, "application/vnd.github.sha; charset=utf-8");
    return;
  }
  call.Json(200, CommitJson(call.env, *call.repo, *commit));
}

void GetBranch(Call& call) {
  auto ref = call.repo->refs.find("refs/heads/" + call.Match(3));
  if (ref == call.repo->refs.end()) return call.Error(404, "Branch not found");
  Commit const& head = call.repo->commits.at(ref->second);
  call.Json(200,
            {{"name", call.Match(3)},
             {"commit", CommitJson(call.env, *call.repo, head)},
             {"_links",
              {{"self", absl::StrCat(call.env.RepoApi(*call.repo), "/branches/", call.Match(3))},
               {"html", absl::StrCat(call.env.RepoWeb(*call.repo), "/tree/", call.Match(3))}}},
             {"protected", false}});
}

// The latest status of each context, newest first.
std::vector<CommitStatus const*> LatestStatuses(Repo const& repo, std::string const& sha) {
  std::map<std::string, CommitStatus const*> by_context;
  for (CommitStatus const& status : repo.statuses) {
    if (status.sha != sha) continue;
    auto& latest = by_context[status.context];
    if (latest == nullptr || status.id > latest->id) latest = &status;
  }
  std::vector<CommitStatus const*> out;
  for (auto const& [context, status] : by_context) out.push_back(status);
  std::sort(out.begin(), out.end(),
            [](CommitStatus const* a, CommitStatus const* b) { return a->id > b->id; });
  return out;
}

void GetCombinedStatus(Call& call) {
  Commit const* commit = ResolveCommit(*call.repo, call.Match(3));
  if (commit == nullptr) return NoCommit(call, call.Match(3));
  std::vector<CommitStatus const*> latest = LatestStatuses(*call.repo, commit->sha);
  // failure if any context failed or errored; pending if none at all or any pending (§8).
  std::string state = latest.empty() ? "pending" : "success";
  for (CommitStatus const* status : latest) {
    if (status->state == "failure" || status->state == "error") {
      state = "failure";
    } else if (status->state == "pending" && state != "failure") {
      state = "pending";
    }
  }
  nlohmann::json statuses = nlohmann::json::array();
  for (CommitStatus const* status : latest) {
    statuses.push_back(StatusJson(call.env, *call.repo, *status));
  }
  std::string commit_url = absl::StrCat(call.env.RepoApi(*call.repo), "/commits/", commit->sha);
  call.Json(200, {{"state", state},
                  {"statuses", statuses},
                  {"sha", commit->sha},
                  {"total_count", latest.size()},
                  {"repository", RepoJson(call.env, *call.repo)},
                  {"commit_url", commit_url},
                  {"url", commit_url + "/status"}});
}

void ListStatuses(Call& call) {
  Commit const* commit = ResolveCommit(*call.repo, call.Match(3));
  if (commit == nullptr) return NoCommit(call, call.Match(3));
  nlohmann::json items = nlohmann::json::array();
  for (auto it = call.repo->statuses.rbegin(); it != call.repo->statuses.rend(); ++it) {
    if (it->sha == commit->sha) items.push_back(StatusJson(call.env, *call.repo, *it));
  }
  call.Page(items);
}

void CreateStatus(Call& call) {
  nlohmann::json body;
  if (!call.Body(&body) || !CheckFieldTypes(call, body,
                                            {{"state", JsonType::kString},
                                             {"target_url", JsonType::kString},
                                             {"description", JsonType::kString},
                                             {"context", JsonType::kString}})) {
    return;
  }
  Commit const* commit = ResolveCommit(*call.repo, call.Match(3));
  if (commit == nullptr || commit->sha != call.Match(3)) {
    return call.ValidationFailed("Status", "sha", "invalid",
                                 "No commit found for SHA: " + call.Match(3));
  }
  std::string state = body.value("state", "");
  if (state != "error" && state != "failure" && state != "pending" && state != "success") {
    return call.ValidationFailed("Status", "state", "invalid");
  }
  CommitStatus status;
  status.id = call.state->NextId();
  status.sha = commit->sha;
  status.state = state;
  status.context = body.value("context", "default");
  status.description = body.value("description", "");
  status.target_url = body.value("target_url", "");
  status.created_at = FormatRfc3339(call.now);
  call.repo->statuses.push_back(status);
  if (!call.Save()) return;
  call.Json(201, StatusJson(call.env, *call.repo, status));
}

void ListCheckRuns(Call& call) {
  Commit const* commit = ResolveCommit(*call.repo, call.Match(3));
  if (commit == nullptr) return NoCommit(call, call.Match(3));
  std::string filter = call.Param("filter").empty() ? "latest" : call.Param("filter");
  std::string name = call.Param("check_name");
  std::string status = call.Param("status");
  // filter=latest keeps the newest run of each name: re-runs replace earlier attempts.
  std::map<std::string, CheckRun const*> latest;
  std::vector<CheckRun const*> runs;
  for (CheckRun const& run : call.repo->check_runs) {
    if (run.head_sha != commit->sha) continue;
    if (!name.empty() && run.name != name) continue;
    if (!status.empty() && run.status != status) continue;
    if (filter == "all") {
      runs.push_back(&run);
    } else {
      auto& slot = latest[run.name];
      if (slot == nullptr || run.id > slot->id) slot = &run;
    }
  }
  for (auto const& [run_name, run] : latest) runs.push_back(run);
  std::sort(runs.begin(), runs.end(),
            [](CheckRun const* a, CheckRun const* b) { return a->id > b->id; });
  int64_t per_page = 30;
  int64_t page = 1;
  if (absl::SimpleAtoi(call.Param("per_page"), &per_page)) {
    per_page = std::clamp<int64_t>(per_page, 1, 100);
  } else {
    per_page = 30;
  }
  if (!absl::SimpleAtoi(call.Param("page"), &page) || page < 1) page = 1;
  nlohmann::json items = nlohmann::json::array();
  for (int64_t i = (page - 1) * per_page;
       i < std::min<int64_t>(static_cast<int64_t>(runs.size()), page * per_page); ++i) {
    items.push_back(CheckRunJson(call.env, *call.repo, *runs[static_cast<size_t>(i)]));
  }
  call.Json(200, {{"total_count", runs.size()}, {"check_runs", items}});
}

void CompareCommits(Call& call) {
  std::string base_ref = call.Match(3);
  std::string head_ref = call.Match(4);
  Commit const* base = ResolveCommit(*call.repo, base_ref);
  Commit const* head = ResolveCommit(*call.repo, head_ref);
  if (base == nullptr || head == nullptr) return call.NotFound();
  Comparison comparison = Compare(*call.repo, *base, *head);
  if (comparison.merge_base == nullptr) {
    return call.Error(
        404, absl::StrCat("No common ancestor between ", base_ref, " and ", head_ref, "."));
  }
  nlohmann::json commits = nlohmann::json::array();
  for (size_t i = 0; i < comparison.ahead.size() && i < 250; ++i) {
    commits.push_back(CommitJson(call.env, *call.repo, *comparison.ahead[i]));
  }
  std::string basehead = absl::StrCat(base_ref, "...", head_ref);
  call.Json(200, {{"url", absl::StrCat(call.env.RepoApi(*call.repo), "/compare/", basehead)},
                  {"html_url", absl::StrCat(call.env.RepoWeb(*call.repo), "/compare/", basehead)},
                  {"base_commit", CommitJson(call.env, *call.repo, *base)},
                  {"merge_base_commit", CommitJson(call.env, *call.repo, *comparison.merge_base)},
                  {"status", comparison.status},
                  {"ahead_by", comparison.ahead.size()},
                  {"behind_by", comparison.behind.size()},
                  {"total_commits", comparison.ahead.size()},
                  {"commits", commits},
                  {"files", nlohmann::json::array()}});
}

}  // namespace

void RegisterCommitRoutes(GitHubRouter& router) {
  router.Get("", GetRepo);
  router.Get("/commits", ListCommits);
  router.Get("/commits/([^/]+)", GetCommit);
  router.Get("/commits/([^/]+)/status", GetCombinedStatus);
  router.Get("/commits/([^/]+)/statuses", ListStatuses);
  router.Get("/commits/([^/]+)/check-runs", ListCheckRuns);
  router.Post("/statuses/([0-9a-f]{40})", Need::kWrite, CreateStatus);
  router.Get("/branches/(.+)", GetBranch);
  router.Get("/compare/(.+?)\\.\\.\\.(.+)", CompareCommits);
}

}  // namespace stablecut::sandbox
