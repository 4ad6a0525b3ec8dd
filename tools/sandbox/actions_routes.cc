// Workflow dispatch and the runs list; every accepted dispatch is recorded in the state.
#include "tools/sandbox/actions_routes.h"

#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "tools/sandbox/body_schema.h"
#include "tools/sandbox/clock.h"

namespace stablecut::sandbox {
namespace {

constexpr size_t kMaxInputs = 10;

Workflow const* FindWorkflow(Repo const& repo, std::string const& id_or_file) {
  int64_t id = 0;
  bool numeric = absl::SimpleAtoi(id_or_file, &id);
  for (Workflow const& workflow : repo.workflows) {
    if (numeric && workflow.id == id) return &workflow;
    auto slash = workflow.path.rfind('/');
    if (workflow.path.substr(slash == std::string::npos ? 0 : slash + 1) == id_or_file) {
      return &workflow;
    }
  }
  return nullptr;
}

void DispatchWorkflow(Call& call) {
  Workflow const* workflow = FindWorkflow(*call.repo, call.Match(3));
  if (workflow == nullptr) return call.NotFound();
  nlohmann::json body;
  if (!call.Body(&body) || !CheckFieldTypes(call, body,
                                            {{"ref", JsonType::kString},
                                             {"inputs", JsonType::kObject},
                                             {"return_run_details", JsonType::kBoolean}})) {
    return;
  }
  if (!body.contains("ref")) return InvalidRequest(call, "\"ref\" wasn't supplied.");
  if (!workflow->dispatchable) {
    return call.Error(422, "Workflow does not have 'workflow_dispatch' trigger");
  }
  std::string ref = body["ref"].get<std::string>();
  // A branch or a tag, not a SHA.
  Repo const& repo = *call.repo;
  if (repo.refs.count("refs/heads/" + ref) == 0 && repo.refs.count("refs/tags/" + ref) == 0 &&
      repo.refs.count(ref) == 0) {
    return call.Error(422, absl::StrCat("No ref found for: ", ref));
  }
  nlohmann::json inputs = body.value("inputs", nlohmann::json::object());
  if (inputs.size() > kMaxInputs) {
    return call.Error(422,
                      "you may only define up to 10 `inputs` for a `workflow_dispatch` "
                      "event");
  }
  std::vector<std::string> unexpected;
  Dispatch dispatch;
  for (auto const& [name, value] : inputs.items()) {
    bool declared = false;
    for (std::string const& input : workflow->inputs) declared = declared || input == name;
    if (!declared) unexpected.push_back("\"" + name + "\"");
    if (!value.is_string()) {
      return InvalidRequest(
          call, absl::StrCat("For 'properties/", name, "', ", value.dump(), " is not a string."));
    }
    dispatch.inputs[name] = value.get<std::string>();
  }
  if (!unexpected.empty()) {
    // Undeclared inputs are refused (§11).
    return call.Error(
        422, absl::StrCat("Unexpected inputs provided: [", absl::StrJoin(unexpected, ", "), "]"));
  }
  dispatch.workflow_run_id = call.state->NextId();
  dispatch.repo = call.repo->FullName();
  dispatch.workflow = workflow->path;
  dispatch.ref = ref;
  dispatch.created_at = FormatRfc3339(call.now);
  call.state->dispatches.push_back(dispatch);
  if (!call.Save()) return;
  if (!body.value("return_run_details", false)) {
    call.res.status = 204;
    return;
  }
  call.Json(200, {{"workflow_run_id", dispatch.workflow_run_id},
                  {"run_url", absl::StrCat(call.env.RepoApi(*call.repo), "/actions/runs/",
                                           dispatch.workflow_run_id)},
                  {"html_url", absl::StrCat(call.env.RepoWeb(*call.repo), "/actions/runs/",
                                            dispatch.workflow_run_id)}});
}

// Each recorded dispatch is a run, queued for ever: the sandbox runs no workflows. Filters
// as GitHub's: `event`, `branch` (the dispatched ref), newest first; the answer is an object
// {"total_count", "workflow_runs"}, not a bare list (docs/reference/github.md §11).
void ListWorkflowRuns(Call& call) {
  Workflow const* workflow = FindWorkflow(*call.repo, call.Match(3));
  if (workflow == nullptr) return call.NotFound();
  std::string event = call.Param("event");
  std::string branch = call.Param("branch");
  nlohmann::json runs = nlohmann::json::array();
  auto const& dispatches = call.state->dispatches;
  for (auto it = dispatches.rbegin(); it != dispatches.rend(); ++it) {
    if (it->repo != call.repo->FullName() || it->workflow != workflow->path) continue;
    if (!event.empty() && event != "workflow_dispatch") continue;
    if (!branch.empty() && it->ref != branch) continue;
    if (runs.size() == 100) break;
    std::string url = absl::StrCat(call.env.RepoApi(*call.repo), "/actions/runs/",
                                   it->workflow_run_id);
    runs.push_back({{"id", it->workflow_run_id},
                    {"name", workflow->name},
                    {"head_branch", it->ref},
                    {"event", "workflow_dispatch"},
                    {"status", "queued"},
                    {"conclusion", nullptr},
                    {"workflow_id", workflow->id},
                    {"url", url},
                    {"html_url", absl::StrCat(call.env.RepoWeb(*call.repo), "/actions/runs/",
                                              it->workflow_run_id)},
                    {"created_at", it->created_at},
                    {"updated_at", it->created_at}});
  }
  call.Json(200, {{"total_count", runs.size()}, {"workflow_runs", runs}});
}

}  // namespace

void RegisterActionsRoutes(GitHubRouter& router) {
  router.Post("/actions/workflows/([^/]+)/dispatches", Need::kWrite, DispatchWorkflow);
  router.Get("/actions/workflows/([^/]+)/runs", ListWorkflowRuns);
}

}  // namespace stablecut::sandbox
