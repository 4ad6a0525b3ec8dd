#pragma once
// A gmock of github::Api, for unit tests of the logic that calls GitHub.

#include <gmock/gmock.h>

#include "lib/github/api.h"

namespace stablecut::github {

class MockApi : public Api {
 public:
  MOCK_METHOD(absl::StatusOr<Repository>, GetRepository, (http::CallContext const&, RepoRef const&), (override));
  MOCK_METHOD(absl::StatusOr<std::vector<Commit>>, ListCommits,
              (http::CallContext const&, RepoRef const&, std::string const&, int), (override));
  MOCK_METHOD(absl::StatusOr<Commit>, GetCommit, (http::CallContext const&, RepoRef const&, std::string const&),
              (override));
  MOCK_METHOD(absl::StatusOr<CombinedStatus>, GetCombinedStatus,
              (http::CallContext const&, RepoRef const&, std::string const&), (override));
  MOCK_METHOD(absl::StatusOr<std::vector<CheckRun>>, ListCheckRuns,
              (http::CallContext const&, RepoRef const&, std::string const&), (override));
  MOCK_METHOD(absl::StatusOr<GitRef>, GetRef, (http::CallContext const&, RepoRef const&, std::string const&), (override));
  MOCK_METHOD(absl::StatusOr<std::vector<GitRef>>, ListMatchingRefs,
              (http::CallContext const&, RepoRef const&, std::string const&), (override));
  MOCK_METHOD(absl::StatusOr<GitRef>, CreateRef,
              (http::CallContext const&, RepoRef const&, std::string const&, std::string const&), (override));
  MOCK_METHOD(absl::StatusOr<std::vector<Release>>, ListReleases, (http::CallContext const&, RepoRef const&, int),
              (override));
  MOCK_METHOD(absl::StatusOr<Release>, GetRelease, (http::CallContext const&, RepoRef const&, int64_t), (override));
  MOCK_METHOD(absl::StatusOr<Release>, GetReleaseByTag, (http::CallContext const&, RepoRef const&, std::string const&),
              (override));
  MOCK_METHOD(absl::StatusOr<Release>, GetLatestRelease, (http::CallContext const&, RepoRef const&), (override));
  MOCK_METHOD(absl::StatusOr<Release>, CreateRelease, (http::CallContext const&, RepoRef const&, ReleaseFields const&),
              (override));
  MOCK_METHOD(absl::StatusOr<Release>, UpdateRelease,
              (http::CallContext const&, RepoRef const&, int64_t, ReleaseFields const&), (override));
  MOCK_METHOD(absl::StatusOr<std::vector<ReleaseAsset>>, ListReleaseAssets,
              (http::CallContext const&, RepoRef const&, int64_t), (override));
  MOCK_METHOD(absl::Status, DownloadReleaseAsset, (http::CallContext const&, RepoRef const&, int64_t, http::ByteSink&),
              (override));
  MOCK_METHOD(absl::Status, DownloadReleaseAssetRange,
              (http::CallContext const&, RepoRef const&, int64_t, int64_t, int64_t, http::ByteSink&),
              (override));
  MOCK_METHOD(absl::StatusOr<ReleaseAsset>, UploadReleaseAsset,
              (http::CallContext const&, std::string const&, std::string const&, std::string const&, http::ByteSource&),
              (override));
  MOCK_METHOD(absl::StatusOr<ContentEntry>, GetContent,
              (http::CallContext const&, RepoRef const&, std::string const&, std::string const&), (override));
  MOCK_METHOD(absl::StatusOr<Comparison>, Compare,
              (http::CallContext const&, RepoRef const&, std::string const&, std::string const&), (override));
  MOCK_METHOD(absl::StatusOr<std::vector<Issue>>, ListIssues, (http::CallContext const&, RepoRef const&, IssueQuery const&),
              (override));
  MOCK_METHOD(absl::StatusOr<std::vector<IssueEvent>>, ListIssueEvents, (http::CallContext const&, RepoRef const&, int64_t),
              (override));
  MOCK_METHOD(absl::StatusOr<Issue>, CreateIssue, (http::CallContext const&, RepoRef const&, IssueWrite const&),
              (override));
  MOCK_METHOD(absl::StatusOr<Issue>, UpdateIssue,
              (http::CallContext const&, RepoRef const&, int64_t, IssueWrite const&), (override));
  MOCK_METHOD(absl::StatusOr<std::vector<IssueComment>>, ListIssueComments,
              (http::CallContext const&, RepoRef const&, int64_t), (override));
  MOCK_METHOD(absl::StatusOr<IssueComment>, CreateIssueComment,
              (http::CallContext const&, RepoRef const&, int64_t, std::string const&), (override));
  MOCK_METHOD(absl::StatusOr<std::vector<WorkflowRun>>, ListWorkflowRuns,
              (http::CallContext const&, RepoRef const&, std::string const&, std::string const&,
               std::string const&),
              (override));
  MOCK_METHOD(absl::StatusOr<std::optional<WorkflowRun>>, DispatchWorkflow,
              (http::CallContext const&, RepoRef const&, std::string const&, std::string const&,
               (std::map<std::string, std::string> const&)),
              (override));
};

}  // namespace stablecut::github
