#pragma once
// The GitHub operations Stablecut's services use: one interface, so that service logic can
// be tested with a mock (mocks/mock_api.h) and run against GitHub, GHES or the sandbox.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "lib/github/types.h"
#include "lib/http/body.h"
#include "lib/http/call_context.h"

namespace stablecut::github {

struct RepoRef {
  std::string owner;
  std::string name;
};

// The body of a release create or update; unset fields are not sent.
struct ReleaseFields {
  std::optional<std::string> tag_name;
  std::optional<std::string> target_commitish;
  std::optional<std::string> name;
  std::optional<std::string> body;
  std::optional<bool> draft;
  std::optional<bool> prerelease;
  // "true", "false" or "legacy": GitHub rejects a JSON boolean here.
  std::optional<std::string> make_latest;
};

struct IssueQuery {
  std::vector<std::string> labels;  // an issue must carry all of them
  std::string state = "all";        // open, closed, all
  std::optional<absl::Time> since;  // updated at or after
};

// What to create or edit; on an edit, unset fields are left as they are (they are not sent).
struct IssueWrite {
  std::optional<std::string> title;  // required to create
  std::optional<std::string> body;
  std::optional<std::string> state;         // open, closed
  std::optional<std::string> state_reason;  // completed, not_planned, reopened
  std::optional<std::vector<std::string>> labels;  // names; replaces the set ({} clears it)
};

// Errors, for every method: NOT_FOUND (no such thing, or the token cannot see it),
// ALREADY_EXISTS (creating what exists: a ref, a release for a tag, an asset name),
// FAILED_PRECONDITION (GitHub refused our token: 401/403, naming its role, never its value),
// INVALID_ARGUMENT (GitHub rejected the request as invalid, 422), UNAVAILABLE (GitHub
// unreachable or failing after retries), INTERNAL-free: an unparsable answer is
// INVALID_ARGUMENT naming the endpoint. Every method takes the caller's context: no request
// starts after its deadline or cancellation, and one in flight is cut off
// (DEADLINE_EXCEEDED, CANCELLED). Thread-safe.
class Api {
 public:
  virtual ~Api() = default;

  virtual absl::StatusOr<Repository> GetRepository(http::CallContext const& context, RepoRef const& repo) = 0;
  // Newest first, at most `max_count`.
  virtual absl::StatusOr<std::vector<Commit>> ListCommits(http::CallContext const& context, RepoRef const& repo,
                                                          std::string const& branch,
                                                          int max_count) = 0;
  virtual absl::StatusOr<Commit> GetCommit(http::CallContext const& context, RepoRef const& repo, std::string const& ref) = 0;
  virtual absl::StatusOr<CombinedStatus> GetCombinedStatus(http::CallContext const& context, RepoRef const& repo,
                                                           std::string const& ref) = 0;
  // Every page.
  virtual absl::StatusOr<std::vector<CheckRun>> ListCheckRuns(http::CallContext const& context, RepoRef const& repo,
                                                              std::string const& ref) = 0;

  // `ref` without "refs/": "tags/candidate-20261126.1", "heads/main".
  virtual absl::StatusOr<GitRef> GetRef(http::CallContext const& context, RepoRef const& repo, std::string const& ref) = 0;
  virtual absl::StatusOr<std::vector<GitRef>> ListMatchingRefs(http::CallContext const& context, RepoRef const& repo,
                                                               std::string const& prefix) = 0;
  // `full_ref` with "refs/": "refs/tags/candidate-20261126.1".
  virtual absl::StatusOr<GitRef> CreateRef(http::CallContext const& context, RepoRef const& repo, std::string const& full_ref,
                                           std::string const& sha) = 0;

  // Newest first, at most `max_count`; drafts only with a token that can push.
  virtual absl::StatusOr<std::vector<Release>> ListReleases(http::CallContext const& context, RepoRef const& repo,
                                                            int max_count) = 0;
  virtual absl::StatusOr<Release> GetRelease(http::CallContext const& context, RepoRef const& repo, int64_t release_id) = 0;
  // Published releases only: GitHub does not find drafts by tag.
  virtual absl::StatusOr<Release> GetReleaseByTag(http::CallContext const& context, RepoRef const& repo,
                                                  std::string const& tag) = 0;
  virtual absl::StatusOr<Release> GetLatestRelease(http::CallContext const& context, RepoRef const& repo) = 0;
  virtual absl::StatusOr<Release> CreateRelease(http::CallContext const& context, RepoRef const& repo,
                                                ReleaseFields const& fields) = 0;
  virtual absl::StatusOr<Release> UpdateRelease(http::CallContext const& context, RepoRef const& repo, int64_t release_id,
                                                ReleaseFields const& fields) = 0;

  virtual absl::StatusOr<std::vector<ReleaseAsset>> ListReleaseAssets(http::CallContext const& context, RepoRef const& repo,
                                                                      int64_t release_id) = 0;
  // Streams the asset's bytes into `sink` (following GitHub's redirect to its storage
  // without our credential).
  virtual absl::Status DownloadReleaseAsset(http::CallContext const& context, RepoRef const& repo, int64_t asset_id,
                                            http::ByteSink& sink) = 0;
  // Streams bytes [offset, offset + length) of the asset into `sink`, with a Range header
  // that follows the storage redirect (the credential does not). Insists on 206 with a
  // Content-Range naming exactly those bytes: a 200 (the server ignored the Range) or any
  // other range is FAILED_PRECONDITION naming the asset, with nothing written to `sink`.
  // The range must lie within the asset (offset + length <= its size, which the caller
  // knows from ReleaseAsset::size); INVALID_ARGUMENT for a negative offset or length <= 0.
  virtual absl::Status DownloadReleaseAssetRange(http::CallContext const& context,
                                                 RepoRef const& repo, int64_t asset_id,
                                                 int64_t offset, int64_t length,
                                                 http::ByteSink& sink) = 0;
  // `upload_url` is the release's (template suffix and all).
  virtual absl::StatusOr<ReleaseAsset> UploadReleaseAsset(http::CallContext const& context, std::string const& upload_url,
                                                          std::string const& name,
                                                          std::string const& content_type,
                                                          http::ByteSource& content) = 0;

  virtual absl::StatusOr<ContentEntry> GetContent(http::CallContext const& context, RepoRef const& repo, std::string const& path,
                                                  std::string const& ref) = 0;
  virtual absl::StatusOr<Comparison> Compare(http::CallContext const& context, RepoRef const& repo, std::string const& base,
                                             std::string const& head) = 0;
  // Pull requests are dropped.
  virtual absl::StatusOr<std::vector<Issue>> ListIssues(http::CallContext const& context, RepoRef const& repo,
                                                        IssueQuery const& query) = 0;
  virtual absl::StatusOr<std::vector<IssueEvent>> ListIssueEvents(http::CallContext const& context, RepoRef const& repo,
                                                                  int64_t number) = 0;
  // Opens an issue by the token's user (labels not yet in the repository are created).
  // Sent once: UNAVAILABLE after a failure that may have reached GitHub means the issue may
  // exist; the caller reconciles by listing (ListIssues) before creating it again.
  virtual absl::StatusOr<Issue> CreateIssue(http::CallContext const& context, RepoRef const& repo,
                                            IssueWrite const& issue) = 0;
  // Edits issue `number`; INVALID_ARGUMENT for a state or state_reason GitHub rejects.
  // Retried like every PATCH: the fields it sets are absolute, so a repeat changes nothing.
  virtual absl::StatusOr<Issue> UpdateIssue(http::CallContext const& context, RepoRef const& repo,
                                            int64_t number, IssueWrite const& issue) = 0;
  // Every comment, oldest first (all pages, per_page=100, following the link header).
  virtual absl::StatusOr<std::vector<IssueComment>> ListIssueComments(
      http::CallContext const& context, RepoRef const& repo, int64_t number) = 0;
  // Comments on issue `number` as the token's user. Sent once, like CreateIssue: after
  // UNAVAILABLE the comment may exist; the caller reconciles with ListIssueComments.
  virtual absl::StatusOr<IssueComment> CreateIssueComment(http::CallContext const& context,
                                                          RepoRef const& repo, int64_t number,
                                                          std::string const& body) = 0;
  // The workflow's runs for `event` and `branch` (a branch or tag name: the ref a dispatch
  // named), newest first, at most 100.
  virtual absl::StatusOr<std::vector<WorkflowRun>> ListWorkflowRuns(
      http::CallContext const& context, RepoRef const& repo, std::string const& workflow,
      std::string const& event, std::string const& branch) = 0;
  // Returns the run when GitHub reports it (return_run_details), else nullopt.
  virtual absl::StatusOr<std::optional<WorkflowRun>> DispatchWorkflow(http::CallContext const& context, RepoRef const& repo, std::string const& workflow, std::string const& ref,
      std::map<std::string, std::string> const& inputs) = 0;
};

}  // namespace stablecut::github
