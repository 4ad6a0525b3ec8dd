// Workflow dispatch and the runs it starts; every accepted dispatch is recorded in the state,
// and build.yml's are run by the build runner.
#include "tools/sandbox/actions_routes.h"

#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "tools/sandbox/body_schema.h"
#include "tools/sandbox/build_runner.h"
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
  if (call.env.builds != nullptr) call.env.builds->Enqueue(dispatch.workflow_run_id);
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

Workflow const* FindWorkflowByPath(Repo const& repo, std::string const& path) {
  for (Workflow const& workflow : repo.workflows) {
    if (workflow.path == path) return &workflow;
  }
  return nullptr;
}

// A run as GitHub shows it: status queued, in_progress or completed, conclusion null until
// completed (docs/reference/github.md §11).
nlohmann::json RunJson(GitHubEnv const& env, Repo const& repo, Workflow const& workflow,
                       Dispatch const& run) {
  auto or_null = [](std::string const& text) {
    return text.empty() ? nlohmann::json(nullptr) : nlohmann::json(text);
  };
  return {{"id", run.workflow_run_id},
          {"name", workflow.name},
          {"path", workflow.path},
          {"head_branch", run.ref},
          {"event", "workflow_dispatch"},
          {"status", run.status},
          {"conclusion", or_null(run.conclusion)},
          {"workflow_id", workflow.id},
          {"run_attempt", 1},
          {"url", absl::StrCat(env.RepoApi(repo), "/actions/runs/", run.workflow_run_id)},
          {"html_url", absl::StrCat(env.RepoWeb(repo), "/actions/runs/", run.workflow_run_id)},
          {"created_at", run.created_at},
          {"run_started_at", or_null(run.run_started_at)},
          {"updated_at", run.updated_at.empty() ? run.created_at : run.updated_at}};
}

// Each recorded dispatch is a run. Filters as GitHub's: `event`, `branch` (the dispatched
// ref), `status` (a status or a conclusion), newest first; the answer is an object
// {"total_count", "workflow_runs"}, not a bare list (docs/reference/github.md §11).
void ListWorkflowRuns(Call& call) {
  Workflow const* workflow = FindWorkflow(*call.repo, call.Match(3));
  if (workflow == nullptr) return call.NotFound();
  std::string event = call.Param("event");
  std::string branch = call.Param("branch");
  std::string status = call.Param("status");
  nlohmann::json runs = nlohmann::json::array();
  auto const& dispatches = call.state->dispatches;
  for (auto it = dispatches.rbegin(); it != dispatches.rend(); ++it) {
    if (it->repo != call.repo->FullName() || it->workflow != workflow->path) continue;
    if (!event.empty() && event != "workflow_dispatch") continue;
    if (!branch.empty() && it->ref != branch) continue;
    if (!status.empty() && it->status != status && it->conclusion != status) continue;
    if (runs.size() == 100) break;
    runs.push_back(RunJson(call.env, *call.repo, *workflow, *it));
  }
  call.Json(200, {{"total_count", runs.size()}, {"workflow_runs", runs}});
}

// GET actions/runs/{id}: the run_url a dispatch answers with.
void GetWorkflowRun(Call& call) {
  int64_t id = 0;
  if (!absl::SimpleAtoi(call.Match(3), &id)) return call.NotFound();
  for (Dispatch const& run : call.state->dispatches) {
    if (run.workflow_run_id != id || run.repo != call.repo->FullName()) continue;
    Workflow const* workflow = FindWorkflowByPath(*call.repo, run.workflow);
    if (workflow == nullptr) break;
    return call.Json(200, RunJson(call.env, *call.repo, *workflow, run));
  }
  call.NotFound();
}

}  // namespace

void RegisterActionsRoutes(GitHubRouter& router) {
  router.Post("/actions/workflows/([^/]+)/dispatches", Need::kWrite, DispatchWorkflow);
  router.Get("/actions/workflows/([^/]+)/runs", ListWorkflowRuns);
  router.Get("/actions/runs/([0-9]+)", GetWorkflowRun);
}

}  // namespace stablecut::sandbox
