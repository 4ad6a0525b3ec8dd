#pragma once
// A gmock of github::Api, for unit tests of the logic that calls GitHub.

#include <gmock/gmock.h>

#include "lib/github/api.h"

namespace stablecut::github {

class MockApi : public Api {
 public:
  MOCK_METHOD(absl::StatusOr<Repository>, GetRepository, (RepoRef const&), (override));
  MOCK_METHOD(absl::StatusOr<std::vector<Commit>>, ListCommits,
              (RepoRef const&, std::string const&, int), (override));
  MOCK_METHOD(absl::StatusOr<Commit>, GetCommit, (RepoRef const&, std::string const&),
              (override));
  MOCK_METHOD(absl::StatusOr<CombinedStatus>, GetCombinedStatus,
              (RepoRef const&, std::string const&), (override));
  MOCK_METHOD(absl::StatusOr<std::vector<CheckRun>>, ListCheckRuns,
              (RepoRef const&, std::string const&), (override));
  MOCK_METHOD(absl::StatusOr<GitRef>, GetRef, (RepoRef const&, std::string const&), (override));
  MOCK_METHOD(absl::StatusOr<std::vector<GitRef>>, ListMatchingRefs,
              (RepoRef const&, std::string const&), (override));
  MOCK_METHOD(absl::StatusOr<GitRef>, CreateRef,
              (RepoRef const&, std::string const&, std::string const&), (override));
  MOCK_METHOD(absl::StatusOr<std::vector<Release>>, ListReleases, (RepoRef const&, int),
              (override));
  MOCK_METHOD(absl::StatusOr<Release>, GetRelease, (RepoRef const&, int64_t), (override));
  MOCK_METHOD(absl::StatusOr<Release>, GetReleaseByTag, (RepoRef const&, std::string const&),
              (override));
  MOCK_METHOD(absl::StatusOr<Release>, GetLatestRelease, (RepoRef const&), (override));
  MOCK_METHOD(absl::StatusOr<Release>, CreateRelease, (RepoRef const&, ReleaseFields const&),
              (override));
  MOCK_METHOD(absl::StatusOr<Release>, UpdateRelease,
              (RepoRef const&, int64_t, ReleaseFields const&), (override));
  MOCK_METHOD(absl::StatusOr<std::vector<ReleaseAsset>>, ListReleaseAssets,
              (RepoRef const&, int64_t), (override));
  MOCK_METHOD(absl::Status, DownloadReleaseAsset, (RepoRef const&, int64_t, http::ByteSink&),
              (override));
  MOCK_METHOD(absl::StatusOr<ReleaseAsset>, UploadReleaseAsset,
              (std::string const&, std::string const&, std::string const&, http::ByteSource&),
              (override));
  MOCK_METHOD(absl::StatusOr<ContentEntry>, GetContent,
              (RepoRef const&, std::string const&, std::string const&), (override));
  MOCK_METHOD(absl::StatusOr<Comparison>, Compare,
              (RepoRef const&, std::string const&, std::string const&), (override));
  MOCK_METHOD(absl::StatusOr<std::vector<Issue>>, ListIssues, (RepoRef const&, IssueQuery const&),
              (override));
  MOCK_METHOD(absl::StatusOr<std::vector<IssueEvent>>, ListIssueEvents, (RepoRef const&, int64_t),
              (override));
  MOCK_METHOD(absl::StatusOr<std::optional<WorkflowRun>>, DispatchWorkflow,
              (RepoRef const&, std::string const&, std::string const&,
               (std::map<std::string, std::string> const&)),
              (override));
};

}  // namespace stablecut::github
