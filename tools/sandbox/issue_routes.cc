// Issue and issue-event routes.
#include "tools/sandbox/issue_routes.h"

#include <algorithm>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "tools/sandbox/clock.h"
#include "tools/sandbox/github_json.h"

namespace stablecut::sandbox {
namespace {

Issue const* FindIssue(Repo const& repo, std::string const& number_text) {
  int64_t number = 0;
  if (!absl::SimpleAtoi(number_text, &number)) return nullptr;
  for (Issue const& issue : repo.issues) {
    if (issue.number == number) return &issue;
  }
  return nullptr;
}

void ListIssues(Call& call) {
  std::string state = call.Param("state").empty() ? "open" : call.Param("state");
  if (state != "open" && state != "closed" && state != "all") {
    return call.ValidationFailed("Issue", "state", "invalid");
  }
  std::vector<std::string> wanted;
  for (absl::string_view label : absl::StrSplit(call.Param("labels"), ',', absl::SkipEmpty())) {
    wanted.emplace_back(absl::StripAsciiWhitespace(label));
  }
  // `since` compares with updated_at, not created_at (§10).
  std::string since;
  if (!call.Param("since").empty()) {
    absl::Time time;
    if (!ParseRfc3339(call.Param("since"), &time)) {
      return call.ValidationFailed("Issue", "since", "invalid");
    }
    since = FormatRfc3339(time);
  }
  std::string direction = call.Param("direction").empty() ? "desc" : call.Param("direction");
  std::string sort = call.Param("sort").empty() ? "created" : call.Param("sort");
  std::vector<Issue const*> issues;
  for (Issue const& issue : call.repo->issues) {
    if (state != "all" && issue.state != state) continue;
    if (!since.empty() && issue.updated_at < since) continue;
    // Every listed label must be present: labels are AND-ed.
    bool all = std::all_of(wanted.begin(), wanted.end(), [&](std::string const& label) {
      return std::find(issue.labels.begin(), issue.labels.end(), label) != issue.labels.end();
    });
    if (all) issues.push_back(&issue);
  }
  std::sort(issues.begin(), issues.end(), [&](Issue const* a, Issue const* b) {
    std::string const& ka = sort == "updated" ? a->updated_at : a->created_at;
    std::string const& kb = sort == "updated" ? b->updated_at : b->created_at;
    if (ka != kb) return direction == "asc" ? ka < kb : ka > kb;
    return direction == "asc" ? a->number < b->number : a->number > b->number;
  });
  nlohmann::json items = nlohmann::json::array();
  for (Issue const* issue : issues) items.push_back(IssueJson(call.env, *call.repo, *issue));
  call.Page(items);
}

void GetIssue(Call& call) {
  Issue const* issue = FindIssue(*call.repo, call.Match(3));
  if (issue == nullptr) return call.NotFound();
  call.Json(200, IssueJson(call.env, *call.repo, *issue));
}

void ListIssueEvents(Call& call) {
  Issue const* issue = FindIssue(*call.repo, call.Match(3));
  if (issue == nullptr) return call.NotFound();
  std::vector<IssueEvent const*> events;
  for (IssueEvent const& event : call.repo->issue_events) {
    if (event.issue_number == issue->number) events.push_back(&event);
  }
  std::stable_sort(events.begin(), events.end(), [](IssueEvent const* a, IssueEvent const* b) {
    return a->created_at < b->created_at;
  });
  nlohmann::json items = nlohmann::json::array();
  for (IssueEvent const* event : events) {
    items.push_back(IssueEventJson(call.env, *call.repo, *event));
  }
  call.Page(items);
}

}  // namespace

void RegisterIssueRoutes(GitHubRouter& router) {
  router.Get("/issues", ListIssues);
  router.Get("/issues/([0-9]+)", GetIssue);
  router.Get("/issues/([0-9]+)/events", ListIssueEvents);
}

}  // namespace stablecut::sandbox
