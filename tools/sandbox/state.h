#pragma once
// The sandbox's GitHub world as plain structs: repositories, commits, CI, releases, issues.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace stablecut::sandbox {

// Times are RFC 3339 UTC strings ("2025-03-01T12:00:00Z"), so they compare as strings.
// An empty string stands for JSON null in the API.

struct Commit {
  std::string sha;
  std::string message;
  std::string date;
  std::vector<std::string> parents;
  std::map<std::string, std::string> submodules;  // path -> pinned commit
  std::map<std::string, std::string> files;       // path -> contents
};

struct CommitStatus {
  int64_t id = 0;
  std::string sha;
  std::string context;
  std::string state;  // error, failure, pending, success
  std::string description;
  std::string target_url;
  std::string created_at;
};

struct CheckRun {
  int64_t id = 0;
  int64_t check_suite_id = 0;
  std::string head_sha;
  std::string name;
  std::string status;      // queued, in_progress, completed
  std::string conclusion;  // empty until completed
  std::string started_at;
  std::string completed_at;
};

struct Asset {
  int64_t id = 0;
  std::string name;
  std::string label;
  std::string content_type;
  std::string digest;  // "sha256:<hex>"
  std::string state = "uploaded";
  int64_t size = 0;
  int64_t download_count = 0;
  std::string created_at;
  std::string updated_at;
};

struct Release {
  int64_t id = 0;
  std::string tag_name;
  std::string target_commitish;
  std::string name;
  std::string body;
  bool draft = false;
  bool prerelease = false;
  std::string created_at;
  std::string published_at;
  std::string updated_at;
  std::vector<Asset> assets;
};

struct Issue {
  int64_t id = 0;
  int64_t number = 0;
  std::string title;
  std::string body;
  std::string state = "open";
  std::string state_reason;
  std::vector<std::string> labels;
  bool pull_request = false;
  std::string created_at;
  std::string updated_at;
  std::string closed_at;
  // Who opened it. Seeded issues (and states written before these fields) are the
  // developer's; issues opened through the API are the write token's user (kWriteUserLogin).
  std::string user_login = "sandbox-developer";
  std::string author_association = "MEMBER";
};

struct IssueEvent {
  int64_t id = 0;
  int64_t issue_number = 0;
  std::string event;      // closed, reopened, referenced, labeled, ...
  std::string commit_id;  // empty = null
  std::string created_at;
  std::string actor = "sandbox-developer";
};

// A comment on an issue or pull request.
struct IssueComment {
  int64_t id = 0;
  int64_t issue_number = 0;
  std::string user_login;
  std::string author_association;  // OWNER, MEMBER, COLLABORATOR, CONTRIBUTOR, NONE, ...
  std::string body;
  std::string created_at;
  std::string updated_at;
};

struct Workflow {
  int64_t id = 0;
  std::string path;  // ".github/workflows/build.yml"
  std::string name;
  bool dispatchable = true;  // declares `on: workflow_dispatch`
  std::vector<std::string> inputs;
};

struct Repo {
  int64_t id = 0;
  std::string owner;
  std::string name;
  std::string description;
  std::string default_branch = "main";
  std::string created_at;
  std::map<std::string, std::string> refs;            // "refs/heads/main" -> sha
  std::map<std::string, Commit> commits;              // every object, reachable or not
  std::map<std::string, std::string> submodule_urls;  // path -> git URL
  std::vector<CommitStatus> statuses;
  std::vector<CheckRun> check_runs;
  std::vector<Release> releases;
  std::vector<Issue> issues;
  std::vector<IssueEvent> issue_events;
  std::vector<IssueComment> issue_comments;
  // Labels made by issue writes (GitHub creates an unknown label on first use): name -> id.
  // A seeded label absent here is shown with an id of its position in the issue.
  std::map<std::string, int64_t> labels;
  std::vector<Workflow> workflows;
  int64_t latest_release_id = 0;  // set by make_latest; 0 = by created_at

  std::string FullName() const { return owner + "/" + name; }
  // The issue or pull request numbered `number`, or null.
  Issue* FindIssue(int64_t number);
  // The number a new issue gets: one past the highest (issues and pull requests share them).
  int64_t NextIssueNumber() const;
};

// A workflow dispatch and the run it started (tools/sandbox/build_runner.h runs build.yml's).
struct Dispatch {
  int64_t workflow_run_id = 0;
  std::string repo;
  std::string workflow;
  std::string ref;
  std::map<std::string, std::string> inputs;
  std::string created_at;
  std::string status = "queued";  // queued, in_progress, completed
  std::string conclusion;         // success or failure once completed; empty (null) before
  std::string run_started_at;     // empty until in_progress
  std::string updated_at;         // empty = created_at
  // Why a run concluded failure, as its log would say; the sandbox's own field, not GitHub's.
  std::string failure_reason;
};

struct State {
  int64_t next_id = 1000;
  int64_t clock_offset_seconds = 0;
  std::vector<Repo> repos;
  std::vector<Dispatch> dispatches;

  int64_t NextId() { return next_id++; }
  Repo* FindRepo(absl::string_view owner, absl::string_view name);
};

// Appends `comment` (its issue_number set) with a fresh id; updated_at defaults to created_at,
// and the issue's updated_at moves up to it, as a comment does on GitHub.
IssueComment const& AddIssueComment(State& state, Repo& repo, IssueComment comment);

// The state as the JSON text kept in state.json, and back. INVALID_ARGUMENT naming the
// problem when the text is not a state this sandbox wrote.
std::string SerializeState(State const& state);
absl::StatusOr<State> ParseState(absl::string_view text);

}  // namespace stablecut::sandbox
