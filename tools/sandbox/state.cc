// JSON (de)serialization of the sandbox state.
#include "tools/sandbox/state.h"

#include <algorithm>
#include <exception>
#include <utility>

#include <nlohmann/json.hpp>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace stablecut::sandbox {

NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Commit, sha, message, date, parents, submodules,
                                                files)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(CommitStatus, id, sha, context, state, description,
                                                target_url, created_at)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(CheckRun, id, check_suite_id, head_sha, name,
                                                status, conclusion, started_at, completed_at)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Asset, id, name, label, content_type, digest, state,
                                                size, download_count, created_at, updated_at)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Release, id, tag_name, target_commitish, name, body,
                                                draft, prerelease, created_at, published_at,
                                                updated_at, assets)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Issue, id, number, title, body, state, state_reason,
                                                labels, pull_request, created_at, updated_at,
                                                closed_at, user_login, author_association)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(IssueEvent, id, issue_number, event, commit_id,
                                                created_at, actor)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(IssueComment, id, issue_number, user_login,
                                                author_association, body, created_at, updated_at)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Workflow, id, path, name, dispatchable, inputs)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Repo, id, owner, name, description, default_branch,
                                                created_at, refs, commits, submodule_urls, statuses,
                                                check_runs, releases, issues, issue_events,
                                                issue_comments, labels, workflows,
                                                latest_release_id)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Dispatch, workflow_run_id, repo, workflow, ref,
                                                inputs, created_at, status, conclusion,
                                                run_started_at, updated_at, failure_reason)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(State, next_id, clock_offset_seconds, repos,
                                                dispatches)

Repo* State::FindRepo(absl::string_view owner, absl::string_view name) {
  // GitHub matches owner and repository names case-insensitively.
  for (Repo& repo : repos) {
    if (absl::EqualsIgnoreCase(repo.owner, owner) && absl::EqualsIgnoreCase(repo.name, name)) {
      return &repo;
    }
  }
  return nullptr;
}

Issue* Repo::FindIssue(int64_t number) {
  for (Issue& issue : issues) {
    if (issue.number == number) return &issue;
  }
  return nullptr;
}

int64_t Repo::NextIssueNumber() const {
  int64_t highest = 0;
  for (Issue const& issue : issues) highest = std::max(highest, issue.number);
  return highest + 1;
}

IssueComment const& AddIssueComment(State& state, Repo& repo, IssueComment comment) {
  comment.id = state.NextId();
  if (comment.updated_at.empty()) comment.updated_at = comment.created_at;
  Issue* issue = repo.FindIssue(comment.issue_number);
  if (issue != nullptr && issue->updated_at < comment.created_at) {
    issue->updated_at = comment.created_at;
  }
  repo.issue_comments.push_back(std::move(comment));
  return repo.issue_comments.back();
}

std::string SerializeState(State const& state) { return nlohmann::json(state).dump(1); }

absl::StatusOr<State> ParseState(absl::string_view text) {
  auto json = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded() || !json.is_object()) {
    return absl::InvalidArgumentError("state is not a JSON object");
  }
  // nlohmann's typed conversion throws on a wrong type; it stops here.
  try {
    return json.get<State>();
  } catch (std::exception const& e) {
    return absl::InvalidArgumentError(absl::StrCat("state does not match the schema: ", e.what()));
  }
}

}  // namespace stablecut::sandbox
