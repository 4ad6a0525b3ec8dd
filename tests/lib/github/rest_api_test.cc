// github::RestApi against a running stablecut-sandbox over real HTTP: every endpoint the
// services use, pagination, ETags, retries under injected faults, and the credential's path.

#include "lib/github/rest_api.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "lib/http/file_body.h"
#include "tests/lib/github/rest_api_fixture.h"
#include "tests/testing/log_capture.h"
#include "tests/testing/status_matchers.h"

namespace stablecut::github {
namespace {

using ::stablecut::testing::IsOk;
using ::stablecut::testing::StatusIs;
using ::testing::HasSubstr;
using ::testing::Not;

RepoRef const kLlvm{"llvm", "llvm-project"};

TEST_F(RestApiTest, ReadsTheRepositoryAndRevalidatesWithItsETag) {
  auto repo = api_->GetRepository({}, kWidgets);
  ASSERT_THAT(repo, IsOk());
  EXPECT_EQ(repo->full_name, "stablecut-demo/widgets");
  EXPECT_EQ(repo->default_branch, "main");
  EXPECT_EQ(api_->etag_hits(), 0);
  auto again = api_->GetRepository({}, kWidgets);
  ASSERT_THAT(again, IsOk());
  EXPECT_EQ(again->default_branch, "main");
  EXPECT_EQ(api_->etag_hits(), 1);
}

// What GitHub says about commits named by full id never changes: asked once, then answered
// from the cache without a request. About a branch, it is asked again (a conditional GET).
TEST_F(RestApiTest, AnswersAboutCommitIdsAreAskedOnceAndAboutBranchesEveryTime) {
  auto commits = api_->ListCommits({}, kWidgets, "main", 100);
  ASSERT_THAT(commits, IsOk());
  ASSERT_GE(commits->size(), 2u);
  std::string const head = commits->front().sha;
  std::string const base = commits->back().sha;
  auto requests_for = [&](std::string const& path) {
    auto dump = sandbox_->DumpState();
    EXPECT_THAT(dump, IsOk());
    std::string const text = dump.value_or("");
    int count = 0;
    for (auto at = text.find(path); at != std::string::npos; at = text.find(path, at + 1)) {
      ++count;
    }
    return count;
  };
  for (int i = 0; i < 3; ++i) {
    auto by_id = api_->Compare({}, kWidgets, base, head);
    ASSERT_THAT(by_id, IsOk());
    EXPECT_EQ(by_id->status, "ahead");
    EXPECT_GT(by_id->ahead_by, 0);
  }
  EXPECT_EQ(api_->immutable_hits(), 2);
  EXPECT_EQ(requests_for(absl::StrCat("/compare/", base, "...", head)), 1);

  long const etag_hits = api_->etag_hits();
  for (int i = 0; i < 2; ++i) ASSERT_THAT(api_->Compare({}, kWidgets, "main", head), IsOk());
  EXPECT_EQ(requests_for(absl::StrCat("/compare/main...", head)), 2);
  EXPECT_EQ(api_->immutable_hits(), 2);
  EXPECT_EQ(api_->etag_hits(), etag_hits + 1);

  for (int i = 0; i < 2; ++i) {
    auto commit = api_->GetCommit({}, kWidgets, head);
    ASSERT_THAT(commit, IsOk());
    EXPECT_EQ(commit->sha, head);
  }
  EXPECT_EQ(api_->immutable_hits(), 3);
}

TEST_F(RestApiTest, ListsCommitsNewestFirstAcrossPages) {
  auto one_page = api_->ListCommits({}, kWidgets, "main", 100);
  ASSERT_THAT(one_page, IsOk());
  ASSERT_GE(one_page->size(), 5u);
  auto paged_api = MakeApi(sandbox_->write_token(), /*per_page=*/2);
  auto paged = paged_api->ListCommits({}, kWidgets, "main", 100);
  ASSERT_THAT(paged, IsOk());
  ASSERT_EQ(paged->size(), one_page->size());
  for (std::size_t i = 0; i < paged->size(); ++i) {
    EXPECT_EQ((*paged)[i].sha, (*one_page)[i].sha);
    if (i > 0) {
      EXPECT_GE((*paged)[i - 1].committer_date, (*paged)[i].committer_date);
    }
  }
  auto capped = paged_api->ListCommits({}, kWidgets, "main", 3);
  ASSERT_THAT(capped, IsOk());
  EXPECT_EQ(capped->size(), 3u);
}

TEST_F(RestApiTest, ReadsCiStateOfCommits) {
  auto commits = api_->ListCommits({}, kWidgets, "main", 100);
  ASSERT_THAT(commits, IsOk());
  int green = 0, not_green = 0;
  for (auto const& commit : *commits) {
    auto status = api_->GetCombinedStatus({}, kWidgets, commit.sha);
    ASSERT_THAT(status, IsOk());
    auto runs = api_->ListCheckRuns({}, kWidgets, commit.sha);
    ASSERT_THAT(runs, IsOk());
    bool all_success = !runs->empty();
    for (auto const& run : *runs) {
      all_success = all_success && run.status == "completed" &&
                    (run.conclusion == "success" || run.conclusion == "skipped" ||
                     run.conclusion == "neutral");
    }
    (status->state == "success" && all_success ? green : not_green)++;
  }
  EXPECT_GT(green, 0);
  EXPECT_GT(not_green, 0);
  EXPECT_THAT(api_->GetCommit({}, kWidgets, std::string(40, 'f')),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("No commit found")));
}

TEST_F(RestApiTest, CreatesAndReadsATagRefAndRefusesADuplicate) {
  auto head = api_->GetRef({}, kWidgets, "heads/main");
  ASSERT_THAT(head, IsOk());
  auto created = api_->CreateRef({}, kWidgets, "refs/tags/candidate-20991231.1", head->object_sha);
  ASSERT_THAT(created, IsOk());
  EXPECT_EQ(created->ref, "refs/tags/candidate-20991231.1");
  auto read = api_->GetRef({}, kWidgets, "tags/candidate-20991231.1");
  ASSERT_THAT(read, IsOk());
  EXPECT_EQ(read->object_sha, head->object_sha);
  auto matching = api_->ListMatchingRefs({}, kWidgets, "tags/candidate-20991231.");
  ASSERT_THAT(matching, IsOk());
  EXPECT_EQ(matching->size(), 1u);
  EXPECT_THAT(api_->CreateRef({}, kWidgets, "refs/tags/candidate-20991231.1", head->object_sha),
              StatusIs(absl::StatusCode::kAlreadyExists, HasSubstr("POST git refs")));
  EXPECT_THAT(api_->GetRef({}, kWidgets, "tags/no-such-tag"),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("GET git ref")));
}

TEST_F(RestApiTest, DraftReleaseLifecycleWithAnUploadedAsset) {
  auto head = api_->GetRef({}, kWidgets, "heads/main");
  ASSERT_THAT(head, IsOk());
  ASSERT_THAT(api_->CreateRef({}, kWidgets, "refs/tags/candidate-20991231.2", head->object_sha),
              IsOk());
  ReleaseFields create;
  create.tag_name = "candidate-20991231.2";
  create.target_commitish = head->object_sha;
  create.name = "widgets candidate candidate-20991231.2";
  create.draft = true;
  create.prerelease = true;
  create.make_latest = "false";
  auto release = api_->CreateRelease({}, kWidgets, create);
  ASSERT_THAT(release, IsOk());
  EXPECT_TRUE(release->draft);
  // GitHub finds no draft by its tag.
  EXPECT_THAT(api_->GetReleaseByTag({}, kWidgets, "candidate-20991231.2"),
              StatusIs(absl::StatusCode::kNotFound, ::testing::_));
  EXPECT_THAT(api_->CreateRelease({}, kWidgets, create),
              StatusIs(absl::StatusCode::kAlreadyExists, ::testing::_));

  http::StringSource wheel("not really a wheel, but bytes");
  auto asset = api_->UploadReleaseAsset({}, release->upload_url, "widgets-0-py3-none-any.whl",
                                        "application/octet-stream", wheel);
  ASSERT_THAT(asset, IsOk());
  EXPECT_EQ(asset->size, 29);
  // sha256 of the 29 bytes above.
  http::StringSink memory;
  http::Sha256Sink hashed(memory);
  ASSERT_THAT(hashed.Write("not really a wheel, but bytes"), IsOk());
  EXPECT_EQ(asset->digest_sha256, hashed.HexDigest());
  http::StringSource again("other bytes");
  EXPECT_THAT(api_->UploadReleaseAsset({}, release->upload_url, "widgets-0-py3-none-any.whl",
                                       "application/octet-stream", again),
              StatusIs(absl::StatusCode::kAlreadyExists, ::testing::_));

  auto assets = api_->ListReleaseAssets({}, kWidgets, release->id);
  ASSERT_THAT(assets, IsOk());
  ASSERT_EQ(assets->size(), 1u);

  ReleaseFields publish;
  publish.draft = false;
  publish.prerelease = true;
  publish.make_latest = "false";
  auto published = api_->UpdateRelease({}, kWidgets, release->id, publish);
  ASSERT_THAT(published, IsOk());
  EXPECT_FALSE(published->draft);
  EXPECT_TRUE(published->published_at.has_value());
  auto by_tag = api_->GetReleaseByTag({}, kWidgets, "candidate-20991231.2");
  ASSERT_THAT(by_tag, IsOk());
  EXPECT_EQ(by_tag->id, release->id);

  ReleaseFields promote;
  promote.name = "widgets stable candidate-20991231.2";
  promote.prerelease = false;
  promote.make_latest = "true";
  ASSERT_THAT(api_->UpdateRelease({}, kWidgets, release->id, promote), IsOk());
  auto latest = api_->GetLatestRelease({}, kWidgets);
  ASSERT_THAT(latest, IsOk());
  EXPECT_EQ(latest->id, release->id);
}

TEST_F(RestApiTest, DownloadsAnAssetThroughTheStorageRedirectWithoutTheToken) {
  auto releases = api_->ListReleases({}, kWidgets, 100);
  ASSERT_THAT(releases, IsOk());
  ReleaseAsset const* asset = nullptr;
  for (auto const& release : *releases) {
    if (!release.assets.empty()) asset = &release.assets.front();
    if (asset != nullptr) break;
  }
  ASSERT_NE(asset, nullptr) << "the demo seed has releases with wheels";
  ASSERT_FALSE(asset->digest_sha256.empty());
  http::StringSink memory;
  http::Sha256Sink hashed(memory);
  // The sandbox's storage answers 400 if the Authorization header follows the redirect.
  ASSERT_THAT(api_->DownloadReleaseAsset({}, kWidgets, asset->id, hashed), IsOk());
  EXPECT_EQ(static_cast<int64_t>(memory.bytes().size()), asset->size);
  EXPECT_EQ(hashed.HexDigest(), asset->digest_sha256);
}

TEST_F(RestApiTest, ReadsTheSubmodulePinAndAncestry) {
  auto head = api_->GetRef({}, kWidgets, "heads/main");
  ASSERT_THAT(head, IsOk());
  auto pin = api_->GetContent({}, kWidgets, "third_party/llvm-project", head->object_sha);
  ASSERT_THAT(pin, IsOk());
  EXPECT_EQ(pin->type, "submodule");
  EXPECT_EQ(pin->sha.size(), 40u);
  auto llvm_main = api_->GetRef({}, kLlvm, "heads/main");
  ASSERT_THAT(llvm_main, IsOk());
  auto same = api_->Compare({}, kLlvm, "main", llvm_main->object_sha);
  ASSERT_THAT(same, IsOk());
  EXPECT_EQ(same->status, "identical");
  auto commits = api_->ListCommits({}, kWidgets, "main", 100);
  ASSERT_THAT(commits, IsOk());
  auto older = api_->Compare({}, kWidgets, "main", commits->back().sha);
  ASSERT_THAT(older, IsOk());
  EXPECT_EQ(older->status, "behind");
}

TEST_F(RestApiTest, ListsLabelledIssuesWithoutPullRequestsAndTheirEvents) {
  IssueQuery query;
  query.labels = {"P0", "regression"};
  auto issues = api_->ListIssues({}, kWidgets, query);
  ASSERT_THAT(issues, IsOk());
  ASSERT_FALSE(issues->empty());
  bool saw_commit_close = false;
  for (auto const& issue : *issues) {
    EXPECT_FALSE(issue.is_pull_request);
    EXPECT_THAT(issue.labels, ::testing::IsSupersetOf({"P0", "regression"}));
    auto events = api_->ListIssueEvents({}, kWidgets, issue.number);
    ASSERT_THAT(events, IsOk());
    for (auto const& event : *events) {
      if (event.event == "closed" && !event.commit_id.empty()) saw_commit_close = true;
    }
  }
  EXPECT_TRUE(saw_commit_close);
}

TEST_F(RestApiTest, DispatchesTheBuildWorkflow) {
  auto run = api_->DispatchWorkflow({}, kWidgets, "build.yml", "main",
                                    {{"package_version", "20991231.2"}, {"release_id", "7"}});
  ASSERT_THAT(run, IsOk());
  auto dump = sandbox_->DumpState();
  ASSERT_THAT(dump, IsOk());
  EXPECT_THAT(*dump, HasSubstr("20991231.2"));
}

TEST_F(RestApiTest, RetriesInjectedServiceUnavailableAndSucceeds) {
  ASSERT_THAT(sandbox_->InjectFault(R"({"method":"GET","path_regex":"^/github/repos/stablecut-demo/widgets$","status":503,"retry_after_seconds":1,"count":2})"),
              IsOk());
  auto repo = api_->GetRepository({}, kWidgets);
  ASSERT_THAT(repo, IsOk());
  EXPECT_EQ(repo->default_branch, "main");
  EXPECT_EQ(delays_, (std::vector<absl::Duration>{absl::Seconds(1), absl::Seconds(1)}));
}

TEST_F(RestApiTest, RetriesTooManyRequests) {
  ASSERT_THAT(sandbox_->InjectFault(R"({"method":"GET","path_regex":"/releases$","status":429,"retry_after_seconds":3,"count":1})"),
              IsOk());
  ASSERT_THAT(api_->ListReleases({}, kWidgets, 10), IsOk());
  EXPECT_EQ(delays_, std::vector<absl::Duration>{absl::Seconds(3)});
}

TEST_F(RestApiTest, RetriesADroppedConnection) {
  ASSERT_THAT(sandbox_->InjectFault(R"({"method":"GET","path_regex":"/releases$","drop_after_bytes":10,"count":1})"),
              IsOk());
  ASSERT_THAT(api_->ListReleases({}, kWidgets, 10), IsOk());
  EXPECT_EQ(delays_.size(), 1u);
}

TEST_F(RestApiTest, GitHubDownPastTheRetryBudgetIsUnavailableNamingGitHub) {
  ASSERT_THAT(sandbox_->InjectFault(R"({"method":"*","path_regex":".*","status":503,"count":100})"),
              IsOk());
  EXPECT_THAT(api_->GetRepository({}, kWidgets),
              StatusIs(absl::StatusCode::kUnavailable, HasSubstr("GitHub unavailable after 5 attempts")));
}

TEST_F(RestApiTest, ReadOnlyTokenOnAWriteIsRefusedOnceAndNamedByRole) {
  stablecut::testing::LogCapture logs;
  std::string token = sandbox_->read_token();
  ASSERT_FALSE(token.empty());
  auto reader = MakeApi(token);
  auto head = reader->GetRef({}, kWidgets, "heads/main");
  ASSERT_THAT(head, IsOk());
  auto created = reader->CreateRef({}, kWidgets, "refs/tags/candidate-20991231.9", head->object_sha);
  EXPECT_THAT(created, StatusIs(absl::StatusCode::kFailedPrecondition,
                                HasSubstr("the test's GitHub token")));
  EXPECT_THAT(created.status().message(), Not(HasSubstr(token)));
  EXPECT_TRUE(delays_.empty());  // a 403 without rate-limit signals is not retried
  EXPECT_THAT(logs.Text(), Not(HasSubstr(token)));
  EXPECT_THAT(sandbox_->Output(), Not(HasSubstr(token)));
  auto dump = sandbox_->DumpState();
  ASSERT_THAT(dump, IsOk());
  EXPECT_THAT(*dump, Not(HasSubstr(token)));
}

TEST_F(RestApiTest, BadTokenIsAFailedPrecondition) {
  auto stranger = MakeApi("ghp_not_a_token_of_this_sandbox");
  EXPECT_THAT(stranger->CreateRef({}, kWidgets, "refs/tags/x", std::string(40, 'a')),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("401")));
}

}  // namespace
}  // namespace stablecut::github
