// Issue create and edit routes.
#include "tools/sandbox/issue_write_routes.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "tools/sandbox/body_schema.h"
#include "tools/sandbox/github_json.h"

namespace stablecut::sandbox {
namespace {

bool IsOneOf(std::string const& value, std::initializer_list<char const*> allowed) {
  for (char const* candidate : allowed) {
    if (value == candidate) return true;
  }
  return false;
}

// Parses the body and checks its field types. GitHub accepts null for `body` (no body) and
// `state_reason` (none given), so those are normalised before the checks.
bool IssueBody(Call& call, nlohmann::json* body) {
  if (!call.Body(body)) return false;
  if (body->contains("body") && (*body)["body"].is_null()) (*body)["body"] = "";
  if (body->contains("state_reason") && (*body)["state_reason"].is_null()) {
    body->erase("state_reason");
  }
  return CheckFieldTypes(call, *body,
                         {{"title", JsonType::kString},
                          {"body", JsonType::kString},
                          {"state", JsonType::kString},
                          {"state_reason", JsonType::kString},
                          {"labels", JsonType::kArray}});
}

// The label names of `body["labels"]` (names, or objects with a "name", as GitHub takes
// them), or nullopt when absent; on a bad entry answers 422 and sets *ok = false.
std::optional<std::vector<std::string>> Labels(Call& call, nlohmann::json const& body, bool* ok) {
  *ok = true;
  if (!body.contains("labels")) return std::nullopt;
  std::vector<std::string> names;
  for (nlohmann::json const& label : body["labels"]) {
    if (label.is_string() && !label.get<std::string>().empty()) {
      names.push_back(label.get<std::string>());
    } else if (label.is_object() && label.contains("name") && label["name"].is_string()) {
      names.push_back(label["name"].get<std::string>());
    } else {
      InvalidRequest(call, absl::StrCat("For 'items', ", label.dump(),
                                        " is not a non-empty string or an object with a name."));
      *ok = false;
      return std::nullopt;
    }
  }
  // GitHub creates a label the repository lacks on its first use.
  for (std::string const& name : names) {
    if (call.repo->labels.count(name) == 0) call.repo->labels[name] = call.state->NextId();
  }
  return names;
}

// A state or state_reason GitHub does not know: 422, as GitHub answers.
bool CheckState(Call& call, nlohmann::json const& body) {
  if (body.contains("state") && !IsOneOf(body["state"].get<std::string>(), {"open", "closed"})) {
    call.ValidationFailed("Issue", "state", "invalid");
    return false;
  }
  if (body.contains("state_reason") &&
      !IsOneOf(body["state_reason"].get<std::string>(), {"completed", "not_planned", "reopened"})) {
    call.ValidationFailed("Issue", "state_reason", "invalid");
    return false;
  }
  return true;
}

void AnswerIssue(Call& call, int status, Issue const& issue) {
  if (!call.Save()) return;
  if (status == 201) {
    call.res.set_header("Location",
                        absl::StrCat(call.env.RepoApi(*call.repo), "/issues/", issue.number));
  }
  call.Json(status, IssueJson(call.env, *call.repo, issue));
}

void CreateIssue(Call& call) {
  nlohmann::json body;
  if (!IssueBody(call, &body)) return;
  if (body.value("title", "").empty()) {
    return call.ValidationFailed("Issue", "title", "missing_field");
  }
  bool labels_ok = false;
  auto labels = Labels(call, body, &labels_ok);
  if (!labels_ok) return;
  Issue issue;
  issue.id = call.state->NextId();
  issue.number = call.repo->NextIssueNumber();
  issue.title = body["title"].get<std::string>();
  issue.body = body.value("body", "");
  if (labels) issue.labels = *std::move(labels);
  issue.created_at = issue.updated_at = FormatRfc3339(call.now);
  issue.user_login = kWriteUserLogin;
  issue.author_association = kWriteUserAssociation;
  // A new issue is open whatever the body says: GitHub takes no state on create.
  call.repo->issues.push_back(std::move(issue));
  AnswerIssue(call, 201, call.repo->issues.back());
}

// Moves `issue` to `state` (a change) as GitHub does: closing stamps closed_at and a reason
// (completed unless given), reopening clears both and says "reopened"; each adds its event.
void ChangeState(Call& call, Issue& issue, std::string const& state,
                 std::string const& state_reason) {
  std::string now = FormatRfc3339(call.now);
  issue.state = state;
  if (state == "closed") {
    issue.closed_at = now;
    issue.state_reason = state_reason.empty() ? "completed" : state_reason;
  } else {
    issue.closed_at.clear();
    issue.state_reason = "reopened";
  }
  IssueEvent event;
  event.id = call.state->NextId();
  event.issue_number = issue.number;
  event.event = state == "closed" ? "closed" : "reopened";
  event.created_at = now;
  event.actor = kWriteUserLogin;
  call.repo->issue_events.push_back(std::move(event));
}

void UpdateIssue(Call& call) {
  int64_t number = 0;
  Issue* issue = absl::SimpleAtoi(call.Match(3), &number) ? call.repo->FindIssue(number) : nullptr;
  if (issue == nullptr) return call.NotFound();
  nlohmann::json body;
  if (!IssueBody(call, &body) || !CheckState(call, body)) return;
  if (body.contains("title") && body["title"].get<std::string>().empty()) {
    return call.ValidationFailed("Issue", "title", "missing_field");
  }
  bool labels_ok = false;
  auto labels = Labels(call, body, &labels_ok);
  if (!labels_ok) return;
  if (body.contains("title")) issue->title = body["title"].get<std::string>();
  if (body.contains("body")) issue->body = body["body"].get<std::string>();
  if (labels) issue->labels = *std::move(labels);
  // A state_reason without a change of state is ignored, as GitHub documents.
  std::string state = body.value("state", issue->state);
  if (state != issue->state) ChangeState(call, *issue, state, body.value("state_reason", ""));
  issue->updated_at = FormatRfc3339(call.now);
  AnswerIssue(call, 200, *issue);
}

}  // namespace

void RegisterIssueWriteRoutes(GitHubRouter& router) {
  router.Post("/issues", Need::kWriteIssues, CreateIssue);
  router.Patch("/issues/([0-9]+)", Need::kWriteIssues, UpdateIssue);
}

}  // namespace stablecut::sandbox
