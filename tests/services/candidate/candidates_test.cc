// Candidates' decisions with a mock GitHub: what it refuses, and that it refuses early.

#include "services/candidate/candidates.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "lib/clock/fake_clock.h"
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
  settings.github.repository = {"acme", "widgets"};
  settings.project_name = "widgets";
  settings.max_commits_scanned = 3;
  return settings;
}

clock::Clock const& FixedClock() {
  static clock::FakeClock const* const clock = new clock::FakeClock(
      absl::FromCivil(absl::CivilSecond(2026, 11, 26, 12, 0, 0), absl::UTCTimeZone()));
  return *clock;
}

github::Commit Commit(std::string sha, std::string parent = "") {
  github::Commit commit;
  commit.sha = std::move(sha);
  if (!parent.empty()) commit.parent_shas.push_back(std::move(parent));
  return commit;
}

github::GitRef Head(std::string sha) {
  github::GitRef ref;
  ref.ref = "refs/heads/main";
  ref.object_sha = std::move(sha);
  return ref;
}

TEST(Candidates, NoGreenCommitIsAFailedPreconditionNamingTheScan) {
  StrictMock<github::MockApi> api;
  CandidateSettings settings = Settings();
  Candidates candidates(api, settings, FixedClock());
  github::Repository repo;
  repo.default_branch = "main";
  EXPECT_CALL(api, GetRepository(_, _)).WillOnce(Return(repo));
  EXPECT_CALL(api, GetRef(_, _, "heads/main")).WillOnce(Return(Head(std::string(40, 'a'))));
  EXPECT_CALL(api, ListCommits(_, _, "main", 3))
      .WillOnce(Return(std::vector<github::Commit>{
          Commit(std::string(40, 'a'), std::string(40, 'b')),
          Commit(std::string(40, 'b'), std::string(40, 'c')), Commit(std::string(40, 'c'))}));
  github::CombinedStatus failing;
  failing.state = "failure";
  failing.total_count = 1;
  failing.statuses = {{"lint", "failure", "", ""}};
  github::CombinedStatus pending;
  pending.state = "pending";
  pending.total_count = 1;
  pending.statuses = {{"lint", "pending", "", ""}};
  EXPECT_CALL(api, GetCombinedStatus(_, _, std::string(40, 'a'))).WillOnce(Return(failing));
  EXPECT_CALL(api, GetCombinedStatus(_, _, std::string(40, 'b'))).WillOnce(Return(pending));
  EXPECT_CALL(api, GetCombinedStatus(_, _, std::string(40, 'c'))).WillOnce(Return(failing));
  EXPECT_CALL(api, ListCheckRuns(_, _, _)).Times(3).WillRepeatedly(Return(std::vector<github::CheckRun>{}));

  auto cut = candidates.Create({}, false, "");
  EXPECT_THAT(cut, StatusIs(absl::StatusCode::kFailedPrecondition,
                            HasSubstr("no commit with fully green CI among the last 3 commits of main's "
                                      "first-parent line")));
  EXPECT_THAT(cut.status().message(), HasSubstr("aaaaaaa red: "));
  EXPECT_THAT(cut.status().message(), HasSubstr("bbbbbbb pending: "));
}

TEST(Candidates, GitHubErrorsDuringTheScanArePassedOn) {
  StrictMock<github::MockApi> api;
  CandidateSettings settings = Settings();
  settings.default_branch = "trunk";
  Candidates candidates(api, settings, FixedClock());
  EXPECT_CALL(api, GetRef(_, _, "heads/trunk")).WillOnce(Return(Head(std::string(40, 'a'))));
  EXPECT_CALL(api, ListCommits(_, _, "trunk", 3))
      .WillOnce(Return(absl::UnavailableError("GitHub unavailable after 5 attempts")));
  EXPECT_THAT(candidates.Create({}, false, ""),
              StatusIs(absl::StatusCode::kUnavailable, HasSubstr("GitHub unavailable")));
}

TEST(Candidates, MalformedTagsAreRefusedBeforeAskingGitHub) {
  StrictMock<github::MockApi> api;  // any call fails the test
  CandidateSettings settings = Settings();
  Candidates candidates(api, settings, FixedClock());
  EXPECT_THAT(candidates.Get({}, "candidate-latest"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("not a candidate tag")));
  EXPECT_THAT(candidates.Promote({}, "../etc"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("not a candidate tag")));
}

TEST(Candidates, ListRefusesABadPageTokenOrSize) {
  StrictMock<github::MockApi> api;
  CandidateSettings settings = Settings();
  Candidates candidates(api, settings, FixedClock());
  EXPECT_THAT(candidates.List({}, 10, "not-a-token", std::nullopt),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("next_page_token")));
  EXPECT_THAT(candidates.List({}, -1, "", std::nullopt),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("page_size")));
}

TEST(Candidates, AnExplicitCommitOffTheDefaultBranchIsRefused) {
  StrictMock<github::MockApi> api;
  CandidateSettings settings = Settings();
  settings.default_branch = "main";
  Candidates candidates(api, settings, FixedClock());
  std::string sha(40, 'd');
  EXPECT_CALL(api, GetCommit(_, _, sha)).WillOnce(Return(Commit(sha)));
  github::Comparison diverged;
  diverged.status = "diverged";
  EXPECT_CALL(api, Compare(_, _, "main", sha)).WillOnce(Return(diverged));
  EXPECT_THAT(candidates.Create({}, false, sha),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("cherry-picks")));
}

// main: a (merge, red) with parents b (red) and p (a pull request's commit, green); b's
// parent c is green. git log order lists p before b. The cut must be c, never p.
TEST(Candidates, CutsFromTheFirstParentLineNeverAMergedPullRequestsCommit) {
  StrictMock<github::MockApi> api;
  CandidateSettings settings = Settings();
  settings.default_branch = "main";
  Candidates candidates(api, settings, FixedClock());
  std::string a(40, 'a'), b(40, 'b'), c(40, 'c'), p(40, 'f');
  github::Commit merge = Commit(a, b);
  merge.parent_shas.push_back(p);
  EXPECT_CALL(api, GetRef(_, _, "heads/main")).WillOnce(Return(Head(a)));
  EXPECT_CALL(api, ListCommits(_, _, "main", 3))
      .WillOnce(Return(std::vector<github::Commit>{merge, Commit(p, c), Commit(b, c)}));
  github::CombinedStatus red;
  red.state = "failure";
  red.total_count = 1;
  red.statuses = {{"lint", "failure", "", ""}};
  EXPECT_CALL(api, GetCombinedStatus(_, _, a)).WillOnce(Return(red));
  EXPECT_CALL(api, GetCombinedStatus(_, _, b)).WillOnce(Return(red));
  EXPECT_CALL(api, ListCheckRuns(_, _, _)).Times(2).WillRepeatedly(Return(std::vector<github::CheckRun>{}));
  // c is beyond the listing (max_commits_scanned 3): the line ends at b, and p is never
  // looked at, though green.
  auto cut = candidates.Create({}, false, "");
  EXPECT_THAT(cut, StatusIs(absl::StatusCode::kFailedPrecondition,
                            HasSubstr("among the last 2 commits of main's first-parent line")));
}

TEST(Candidates, AMalformedCommitShaIsRefusedBeforeAskingGitHub) {
  StrictMock<github::MockApi> api;
  CandidateSettings settings = Settings();
  settings.default_branch = "main";
  Candidates candidates(api, settings, FixedClock());
  for (std::string sha : {std::string("main"), std::string("HEAD~1"), std::string(7, 'a')}) {
    EXPECT_THAT(candidates.Create({}, false, sha),
                StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("full 40 hex digits")));
  }
}

}  // namespace
}  // namespace stablecut::candidate
