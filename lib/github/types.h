#pragma once
// Plain structs for the GitHub REST objects Stablecut reads (API version 2022-11-28).

#include <cstdint>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "absl/types/optional.h"

namespace stablecut::github {

// Strings GitHub documents as nullable come out empty when null; so does an optional
// field GitHub did not send. Times are parsed from RFC 3339 ("2017-10-10T16:00:00Z").

struct Repository {
  std::string full_name;  // "owner/name"
  std::string default_branch;
  bool private_repo = false;
};

struct Commit {
  std::string sha;
  std::string message;
  absl::Time committer_date;
  std::vector<std::string> parent_shas;
};

// One commit status (a "context"), as in the combined status of a ref.
struct CommitStatus {
  std::string context;
  std::string state;  // error, failure, pending, success
  std::string description;
  std::string target_url;
};

struct CombinedStatus {
  std::string state;  // "pending" with total_count 0 when the ref has no statuses at all
  int64_t total_count = 0;
  std::string sha;
  std::vector<CommitStatus> statuses;
};

struct CheckRun {
  int64_t id = 0;
  std::string name;
  std::string status;      // queued, in_progress, completed, waiting, requested, pending
  std::string conclusion;  // empty until completed
  std::string head_sha;
};

// One page of check runs; total_count counts every page.
struct CheckRuns {
  int64_t total_count = 0;
  std::vector<CheckRun> check_runs;
};

struct GitRef {
  std::string ref;          // fully qualified: "refs/tags/v1.0.0"
  std::string object_type;  // "commit", or "tag" for an annotated tag
  std::string object_sha;
};

struct ReleaseAsset {
  int64_t id = 0;
  std::string name;
  std::string label;
  std::string state;  // "uploaded" or "open"
  std::string content_type;
  int64_t size = 0;           // bytes
  std::string digest_sha256;  // lowercase hex without "sha256:"; empty when GitHub has none
  std::string url;            // API URL (download with Accept: application/octet-stream)
  std::string browser_download_url;
  absl::Time created_at;
  absl::Time updated_at;
};

struct Release {
  int64_t id = 0;
  std::string tag_name;
  std::string target_commitish;
  std::string name;
  std::string body;
  bool draft = false;
  bool prerelease = false;
  bool immutable = false;  // false when GitHub does not send the field
  absl::Time created_at;
  absl::optional<absl::Time> published_at;  // nullopt for drafts
  std::string html_url;
  std::string upload_url;  // the URI template as given: ".../assets{?name,label}"
  std::vector<ReleaseAsset> assets;
};

// An entry of the contents API: a file, directory, symlink or submodule.
struct ContentEntry {
  std::string type;  // file, dir, symlink, submodule
  std::string name;
  std::string path;
  std::string sha;  // for a submodule: the pinned commit in the submodule's repository
  int64_t size = 0;
  std::string submodule_git_url;  // set for submodules only
};

struct Comparison {
  std::string status;  // identical, behind, ahead, diverged
  int64_t ahead_by = 0;
  int64_t behind_by = 0;
  int64_t total_commits = 0;
  std::string merge_base_sha;  // empty when the response has no merge_base_commit
};

struct Issue {
  int64_t number = 0;
  std::string title;
  std::string state;                // open, closed
  std::string state_reason;         // completed, not_planned, reopened, duplicate, or empty
  std::vector<std::string> labels;  // label names
  absl::Time created_at;
  absl::optional<absl::Time> closed_at;
  std::string body;
  bool is_pull_request = false;  // the issues list includes pull requests
  std::string html_url;          // the issue's page, for links in what we post
  std::string user_login;        // who opened it; empty when GitHub sends user null (a ghost)
};

// A comment on an issue (docs/reference/github.md §10.2).
struct IssueComment {
  int64_t id = 0;
  std::string user_login;  // empty when GitHub sends user null (a deleted account)
  // The author's relation to the repository: OWNER, MEMBER, COLLABORATOR, CONTRIBUTOR,
  // FIRST_TIME_CONTRIBUTOR, FIRST_TIMER, MANNEQUIN or NONE; kept as GitHub spells it, so
  // that callers decide whose word counts.
  std::string author_association;
  std::string body;
  std::string html_url;
  absl::Time created_at;
};

struct IssueEvent {
  int64_t id = 0;
  std::string event;      // closed, reopened, referenced, merged, ...
  std::string commit_id;  // empty when no commit is associated
  absl::Time created_at;
};

// The answer of a workflow dispatch that returns run details.
// A workflow run: as a dispatch returns it (id and URLs), or as the runs list shows it.
struct WorkflowRun {
  int64_t workflow_run_id = 0;
  std::string run_url;
  std::string html_url;
  // Listed runs only.
  std::string head_branch;  // the ref dispatched: a branch or a tag name
  std::string event;        // "workflow_dispatch", "push", ...
  std::string status;       // queued, in_progress, completed, ...
  absl::Time created_at;
};

struct WorkflowRunList {
  int64_t total_count = 0;
  std::vector<WorkflowRun> workflow_runs;
};

// One entry of an error response's "errors" array.
struct ApiErrorDetail {
  std::string resource;  // "Release", "ReleaseAsset", ...
  std::string field;
  std::string code;  // missing, missing_field, invalid, already_exists, unprocessable, custom
  std::string message;
};

// The body of a GitHub error response.
struct ApiError {
  std::string message;  // "Validation Failed", or the raw body when it was not GitHub's JSON
  std::string documentation_url;
  std::vector<ApiErrorDetail> errors;
};

}  // namespace stablecut::github
