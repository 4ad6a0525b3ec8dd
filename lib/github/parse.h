#pragma once
// Parses GitHub REST response bodies (JSON text) into the structs of types.h.

#include <cstddef>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "lib/github/types.h"

namespace stablecut::github {

// Bodies longer than this are refused unparsed. The largest body Stablecut reads is a
// page of 100 releases with their assets, well under a megabyte.
inline constexpr std::size_t kMaxResponseBytes = std::size_t{32} << 20;  // 32 MiB

// Every parser takes the response body and is pure: no I/O, thread-safe, never throws.
// Unknown fields are ignored. Fields GitHub documents as nullable accept null (see
// types.h). A body that is not JSON, is nested deeper than any GitHub object, exceeds
// kMaxResponseBytes, lacks a required field or has a field of the wrong type gives
// INVALID_ARGUMENT, naming the object and the field: `GitHub release: field "id" is not
// an integer`, `GitHub release: field "assets[0].size" is missing`.

absl::StatusOr<Release> ParseRelease(absl::string_view json);
absl::StatusOr<std::vector<Release>> ParseReleases(absl::string_view json);
absl::StatusOr<ReleaseAsset> ParseReleaseAsset(absl::string_view json);
absl::StatusOr<std::vector<ReleaseAsset>> ParseReleaseAssets(absl::string_view json);

absl::StatusOr<GitRef> ParseGitRef(absl::string_view json);
absl::StatusOr<std::vector<GitRef>> ParseGitRefs(absl::string_view json);

absl::StatusOr<Repository> ParseRepository(absl::string_view json);
absl::StatusOr<Commit> ParseCommit(absl::string_view json);
absl::StatusOr<std::vector<Commit>> ParseCommits(absl::string_view json);
absl::StatusOr<Comparison> ParseComparison(absl::string_view json);

// One status, as answered by POST /statuses/{sha}; a list, by GET /commits/{ref}/statuses.
absl::StatusOr<CommitStatus> ParseCommitStatus(absl::string_view json);
absl::StatusOr<std::vector<CommitStatus>> ParseCommitStatuses(absl::string_view json);
absl::StatusOr<CombinedStatus> ParseCombinedStatus(absl::string_view json);
// The object {total_count, check_runs: [...]} of GET /commits/{ref}/check-runs.
absl::StatusOr<CheckRuns> ParseCheckRuns(absl::string_view json);

// GET /contents/{path} of one file or submodule (an object) / of a directory (an array).
absl::StatusOr<ContentEntry> ParseContent(absl::string_view json);
absl::StatusOr<std::vector<ContentEntry>> ParseContentListing(absl::string_view json);

absl::StatusOr<std::vector<Issue>> ParseIssues(absl::string_view json);
// One issue, as created (201), edited or fetched.
absl::StatusOr<Issue> ParseIssue(absl::string_view json);
absl::StatusOr<IssueComment> ParseIssueComment(absl::string_view json);
absl::StatusOr<std::vector<IssueComment>> ParseIssueComments(absl::string_view json);
absl::StatusOr<std::vector<IssueEvent>> ParseIssueEvents(absl::string_view json);

// The 200 answer of a workflow dispatch with return_run_details.
absl::StatusOr<WorkflowRun> ParseWorkflowRun(absl::string_view json);
// GET /repos/{o}/{r}/actions/workflows/{id}/runs: {"total_count", "workflow_runs": [...]}.
absl::StatusOr<WorkflowRunList> ParseWorkflowRuns(absl::string_view json);

// Reads an error response body. Never fails: fields that are missing or of the wrong
// type stay empty, and a body that is not a JSON object with a string "message" becomes
// the message itself, cut to kMaxApiErrorMessageBytes (at a UTF-8 boundary).
inline constexpr std::size_t kMaxApiErrorMessageBytes = 1024;
ApiError ParseApiError(absl::string_view body);

}  // namespace stablecut::github
