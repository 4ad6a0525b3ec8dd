// Candidates' decisions with a mock GitHub: what it refuses, and that it refuses early.

#include "services/candidate/candidates.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "lib/github/mocks/mock_api.h"
#include "tests/testing/status_matchers.h"

namespace stablecut::candidate {
namespace {

using ::stablecut::testing::StatusIs;
using ::testing::_;
using ::testing::HasSubstr;
using ::testing::Return;
using ::testing::StrictMock;

CandidateSettings Settings() {
  CandidateSettings settings;
  settings.repository = {"acme", "widgets"};
  settings.project_name = "widgets";
  settings.max_commits_scanned = 3;
  return settings;
}

absl::Time Now() { return absl::FromCivil(absl::CivilSecond(2026, 11, 26, 12, 0, 0), absl::UTCTimeZone()); }

github::Commit Commit(std::string sha) {
  github::Commit commit;
  commit.sha = std::move(sha);
  return commit;
}

TEST(Candidates, NoGreenCommitIsAFailedPreconditionNamingTheScan) {
  StrictMock<github::MockApi> api;
  CandidateSettings settings = Settings();
  Candidates candidates(api, settings, Now);
  github::Repository repo;
  repo.default_branch = "main";
  EXPECT_CALL(api, GetRepository(_)).WillOnce(Return(repo));
  EXPECT_CALL(api, ListCommits(_, "main", 3))
      .WillOnce(Return(std::vector<github::Commit>{Commit(std::string(40, 'a')),
                                                   Commit(std::string(40, 'b')),
                                                   Commit(std::string(40, 'c'))}));
  github::CombinedStatus failing;
  failing.state = "failure";
  failing.total_count = 1;
  failing.statuses = {{"lint", "failure", "", ""}};
  github::CombinedStatus pending;
  pending.state = "pending";
  pending.total_count = 1;
  pending.statuses = {{"lint", "pending", "", ""}};
  EXPECT_CALL(api, GetCombinedStatus(_, std::string(40, 'a'))).WillOnce(Return(failing));
  EXPECT_CALL(api, GetCombinedStatus(_, std::string(40, 'b'))).WillOnce(Return(pending));
  EXPECT_CALL(api, GetCombinedStatus(_, std::string(40, 'c'))).WillOnce(Return(failing));
  EXPECT_CALL(api, ListCheckRuns(_, _)).Times(3).WillRepeatedly(Return(std::vector<github::CheckRun>{}));

  auto cut = candidates.Create(false, "");
  EXPECT_THAT(cut, StatusIs(absl::StatusCode::kFailedPrecondition,
                            HasSubstr("no commit with fully green CI among the last 3 commits of main")));
  EXPECT_THAT(cut.status().message(), HasSubstr("aaaaaaa red: "));
  EXPECT_THAT(cut.status().message(), HasSubstr("bbbbbbb pending: "));
}

TEST(Candidates, GitHubErrorsDuringTheScanArePassedOn) {
  StrictMock<github::MockApi> api;
  CandidateSettings settings = Settings();
  settings.default_branch = "trunk";
  Candidates candidates(api, settings, Now);
  EXPECT_CALL(api, ListCommits(_, "trunk", 3))
      .WillOnce(Return(absl::UnavailableError("GitHub unavailable after 5 attempts")));
  EXPECT_THAT(candidates.Create(false, ""),
              StatusIs(absl::StatusCode::kUnavailable, HasSubstr("GitHub unavailable")));
}

TEST(Candidates, MalformedTagsAreRefusedBeforeAskingGitHub) {
  StrictMock<github::MockApi> api;  // any call fails the test
  CandidateSettings settings = Settings();
  Candidates candidates(api, settings, Now);
  EXPECT_THAT(candidates.Get("candidate-latest"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("not a candidate tag")));
  EXPECT_THAT(candidates.Promote("../etc"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("not a candidate tag")));
}

TEST(Candidates, ListRefusesABadPageTokenOrSize) {
  StrictMock<github::MockApi> api;
  CandidateSettings settings = Settings();
  Candidates candidates(api, settings, Now);
  EXPECT_THAT(candidates.List(10, "not-a-token", std::nullopt),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("next_page_token")));
  EXPECT_THAT(candidates.List(-1, "", std::nullopt),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("page_size")));
}

TEST(Candidates, AnExplicitCommitOffTheDefaultBranchIsRefused) {
  StrictMock<github::MockApi> api;
  CandidateSettings settings = Settings();
  settings.default_branch = "main";
  Candidates candidates(api, settings, Now);
  std::string sha(40, 'd');
  EXPECT_CALL(api, GetCommit(_, sha)).WillOnce(Return(Commit(sha)));
  github::Comparison diverged;
  diverged.status = "diverged";
  EXPECT_CALL(api, Compare(_, "main", sha)).WillOnce(Return(diverged));
  EXPECT_THAT(candidates.Create(false, sha),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("cherry-picks")));
}

}  // namespace
}  // namespace stablecut::candidate
