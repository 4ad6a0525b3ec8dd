#pragma once
// github::Api over GitHub's REST API (version 2022-11-28), through http::Client.

#include <memory>
#include <string>

#include "lib/github/api.h"
#include "lib/http/client.h"
#include "lib/http/secret.h"
#include "lib/http/token_source.h"

namespace stablecut::github {

inline constexpr char kGitHubApiVersion[] = "2022-11-28";

struct RestApiOptions {
  std::string api_base_url = "https://api.github.com";
  std::string uploads_base_url = "https://uploads.github.com";
  // Empty: anonymous (public repositories, low rate limit). A rotating source is asked for
  // each request, so a rotated token file takes effect without a restart.
  http::TokenSource token;
  // Who holds the token, for errors: "the candidate service's GitHub token".
  std::string token_role = "the GitHub token";
  // ETag cache entries kept for conditional GETs (304s cost no rate limit).
  std::size_t etag_cache_entries = 512;
  // Items asked for per page of a list (GitHub's maximum is 100).
  int per_page = 100;
};

class RestApi : public Api {
 public:
  // `client` must outlive this.
  RestApi(http::Client& client, RestApiOptions options);
  ~RestApi() override;

  absl::StatusOr<Repository> GetRepository(http::CallContext const& context, RepoRef const& repo) override;
  absl::StatusOr<std::vector<Commit>> ListCommits(http::CallContext const& context, RepoRef const& repo, std::string const& branch,
                                                  int max_count) override;
  absl::StatusOr<Commit> GetCommit(http::CallContext const& context, RepoRef const& repo, std::string const& ref) override;
  absl::StatusOr<CombinedStatus> GetCombinedStatus(http::CallContext const& context, RepoRef const& repo,
                                                   std::string const& ref) override;
  absl::StatusOr<std::vector<CheckRun>> ListCheckRuns(http::CallContext const& context, RepoRef const& repo,
                                                      std::string const& ref) override;
  absl::StatusOr<GitRef> GetRef(http::CallContext const& context, RepoRef const& repo, std::string const& ref) override;
  absl::StatusOr<std::vector<GitRef>> ListMatchingRefs(http::CallContext const& context, RepoRef const& repo,
                                                       std::string const& prefix) override;
  absl::StatusOr<GitRef> CreateRef(http::CallContext const& context, RepoRef const& repo, std::string const& full_ref,
                                   std::string const& sha) override;
  absl::StatusOr<std::vector<Release>> ListReleases(http::CallContext const& context, RepoRef const& repo, int max_count) override;
  absl::StatusOr<Release> GetRelease(http::CallContext const& context, RepoRef const& repo, int64_t release_id) override;
  absl::StatusOr<Release> GetReleaseByTag(http::CallContext const& context, RepoRef const& repo, std::string const& tag) override;
  absl::StatusOr<Release> GetLatestRelease(http::CallContext const& context, RepoRef const& repo) override;
  absl::StatusOr<Release> CreateRelease(http::CallContext const& context, RepoRef const& repo, ReleaseFields const& fields) override;
  absl::StatusOr<Release> UpdateRelease(http::CallContext const& context, RepoRef const& repo, int64_t release_id,
                                        ReleaseFields const& fields) override;
  absl::StatusOr<std::vector<ReleaseAsset>> ListReleaseAssets(http::CallContext const& context, RepoRef const& repo,
                                                              int64_t release_id) override;
  absl::Status DownloadReleaseAsset(http::CallContext const& context, RepoRef const& repo, int64_t asset_id,
                                    http::ByteSink& sink) override;
  absl::Status DownloadReleaseAssetRange(http::CallContext const& context, RepoRef const& repo,
                                         int64_t asset_id, int64_t offset, int64_t length,
                                         http::ByteSink& sink) override;
  absl::StatusOr<ReleaseAsset> UploadReleaseAsset(http::CallContext const& context, std::string const& upload_url,
                                                  std::string const& name,
                                                  std::string const& content_type,
                                                  http::ByteSource& content) override;
  absl::StatusOr<ContentEntry> GetContent(http::CallContext const& context, RepoRef const& repo, std::string const& path,
                                          std::string const& ref) override;
  absl::StatusOr<Comparison> Compare(http::CallContext const& context, RepoRef const& repo, std::string const& base,
                                     std::string const& head) override;
  absl::StatusOr<std::vector<Issue>> ListIssues(http::CallContext const& context, RepoRef const& repo,
                                                IssueQuery const& query) override;
  absl::StatusOr<std::vector<IssueEvent>> ListIssueEvents(http::CallContext const& context, RepoRef const& repo,
                                                          int64_t number) override;
  absl::StatusOr<Issue> CreateIssue(http::CallContext const& context, RepoRef const& repo,
                                    IssueWrite const& issue) override;
  absl::StatusOr<Issue> UpdateIssue(http::CallContext const& context, RepoRef const& repo,
                                    int64_t number, IssueWrite const& issue) override;
  absl::StatusOr<std::vector<IssueComment>> ListIssueComments(http::CallContext const& context,
                                                              RepoRef const& repo,
                                                              int64_t number) override;
  absl::StatusOr<IssueComment> CreateIssueComment(http::CallContext const& context,
                                                  RepoRef const& repo, int64_t number,
                                                  std::string const& body) override;
  absl::StatusOr<std::vector<WorkflowRun>> ListWorkflowRuns(
      http::CallContext const& context, RepoRef const& repo, std::string const& workflow,
      std::string const& event, std::string const& branch) override;
  absl::StatusOr<std::optional<WorkflowRun>> DispatchWorkflow(http::CallContext const& context, 
      RepoRef const& repo, std::string const& workflow, std::string const& ref,
      std::map<std::string, std::string> const& inputs) override;

  // Conditional GETs answered 304 from the cache so far (for tests).
  long etag_hits() const;
  // Answers about commits named by full id given from the cache, without a request.
  long immutable_hits() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace stablecut::github
