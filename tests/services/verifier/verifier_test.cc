// Verifier with a mocked GitHub: errors for bad tags, the previous stable, a whole verdict,
// a failing endpoint making only its check INCONCLUSIVE, and PickCandidate sharing data.

#include "services/verifier/verifier.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "lib/github/mocks/mock_api.h"

namespace stablecut::verifier {
namespace {

using ::testing::_;
using ::testing::HasSubstr;
using ::testing::NiceMock;
using ::testing::Return;

absl::Time const kNow =
    absl::FromCivil(absl::CivilSecond(2026, 12, 1, 12, 0, 0), absl::UTCTimeZone());

std::string Sha(char c) { return std::string(40, c); }

github::Release MakeRelease(int64_t id, std::string tag, char sha, absl::Duration age,
                            bool prerelease = true, bool draft = false) {
  github::Release release;
  release.id = id;
  release.tag_name = std::move(tag);
  release.target_commitish = Sha(sha);
  release.prerelease = prerelease;
  release.draft = draft;
  release.created_at = kNow - age - absl::Hours(1);
  if (!draft) release.published_at = kNow - age;
  github::ReleaseAsset asset;
  asset.name = "widgets-1-py3-none-any.whl";
  asset.state = "uploaded";
  asset.digest_sha256 = "ab";
  asset.created_at = asset.updated_at = kNow - age - absl::Minutes(1);
  release.assets.push_back(asset);
  return release;
}

github::Comparison Behind() {
  github::Comparison comparison;
  comparison.status = "behind";
  comparison.behind_by = 1;
  return comparison;
}

class VerifierTest : public ::testing::Test {
 protected:
  void SetUp() override {
    settings_.repository = {"acme", "widgets"};
    settings_.expected_assets = {"widgets-*.whl"};
    releases_ = {MakeRelease(1, "candidate-20261130.1", 'c', absl::Hours(24)),
                 MakeRelease(2, "candidate-20261126.1", 'b', absl::Hours(24 * 5)),
                 MakeRelease(3, "candidate-20261101.1", 'a', absl::Hours(24 * 30), false),
                 MakeRelease(4, "candidate-20261201.1", 'd', absl::Hours(1), true, true)};
    ON_CALL(api_, ListReleases(_, _, _)).WillByDefault(Return(releases_));
    github::Repository repository;
    repository.default_branch = "main";
    ON_CALL(api_, GetRepository(_, _)).WillByDefault(Return(repository));
    ON_CALL(api_, ListIssues(_, _, _)).WillByDefault(Return(std::vector<github::Issue>{}));
    github::CombinedStatus status;
    status.state = "success";
    status.total_count = 1;
    status.statuses.push_back({"ci/build", "success", "", ""});
    ON_CALL(api_, GetCombinedStatus(_, _, _)).WillByDefault(Return(status));
    ON_CALL(api_, ListCheckRuns(_, _, _))
        .WillByDefault(Return(std::vector<github::CheckRun>{{1, "test", "completed", "success", ""}}));
    ON_CALL(api_, Compare(_, _, _, _)).WillByDefault(Return(Behind()));
    github::ContentEntry submodule;
    submodule.type = "submodule";
    submodule.sha = Sha('e');
    ON_CALL(api_, GetContent(_, _, _, _)).WillByDefault(Return(submodule));
    ON_CALL(api_, GetReleaseByTag(_, _, _)).WillByDefault(Return(absl::NotFoundError("Not Found")));
  }

  Verifier Make(CandidateStateLookup lookup = nullptr) {
    return Verifier(api_, settings_, [] { return kNow; }, std::move(lookup));
  }

  NiceMock<github::MockApi> api_;
  VerifierSettings settings_;
  std::vector<github::Release> releases_;
};

TEST_F(VerifierTest, BadTagsGetTheirCodes) {
  Verifier verifier = Make();
  EXPECT_EQ(verifier.Verify({}, "candidate-2026-11-26").status().code(),
            absl::StatusCode::kInvalidArgument);
  auto unknown = verifier.Verify({}, "candidate-20200101.1");
  EXPECT_EQ(unknown.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(unknown.status().message(), HasSubstr("acme/widgets"));
  auto stable = verifier.Verify({}, "candidate-20261101.1");
  EXPECT_EQ(stable.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(stable.status().message(), HasSubstr("already a stable release"));
  auto draft = verifier.Verify({}, "candidate-20261201.1");
  EXPECT_EQ(draft.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(draft.status().message(), HasSubstr("is a draft"));
}

TEST_F(VerifierTest, ADraftHiddenFromTheTokenIsADraftByTheCandidateService) {
  releases_.pop_back();
  ON_CALL(api_, ListReleases(_, _, _)).WillByDefault(Return(releases_));
  Verifier verifier = Make([](http::CallContext const&, std::string const& tag)
                               -> absl::StatusOr<v1::Candidate::State> {
    if (tag == "candidate-20261201.1") return v1::Candidate::STATE_DRAFT;
    return absl::NotFoundError("no such candidate");
  });
  EXPECT_EQ(verifier.Verify({}, "candidate-20261201.1").status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(verifier.Verify({}, "candidate-20261202.1").status().code(),
            absl::StatusCode::kNotFound);
}

// A second Verify of a tag reads, while the release list is asked for, what the first read
// after it (the commit's statuses, check runs, compares): those answers are used when the
// tag still points at that commit, and never when it was moved.
TEST_F(VerifierTest, ASecondVerifyReadsAheadAndNeverUsesAnswersForAMovedTag) {
  github::CombinedStatus failing;
  failing.state = "failure";
  failing.total_count = 1;
  failing.statuses.push_back({"ci/build", "failure", "", ""});
  EXPECT_CALL(api_, GetCombinedStatus(_, _, Sha('b'))).Times(3);  // two Verifies, one ahead
  EXPECT_CALL(api_, GetCombinedStatus(_, _, Sha('f'))).WillOnce(Return(failing));
  Verifier verifier = Make();
  auto first = verifier.Verify({}, "candidate-20261126.1");
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_TRUE(first->approved()) << first->DebugString();
  auto second = verifier.Verify({}, "candidate-20261126.1");  // ahead: statuses of b, used
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_TRUE(second->approved());

  // The tag now points at commit f, whose CI failed: the statuses of b read ahead are unused.
  releases_[1] = MakeRelease(2, "candidate-20261126.1", 'f', absl::Hours(24 * 5));
  ON_CALL(api_, ListReleases(_, _, _)).WillByDefault(Return(releases_));
  auto moved = verifier.Verify({}, "candidate-20261126.1");
  ASSERT_TRUE(moved.ok()) << moved.status();
  EXPECT_EQ(moved->candidate().commit_sha(), Sha('f'));
  EXPECT_FALSE(moved->approved());
  for (auto const& check : moved->checks()) {
    if (check.name() == "ci") EXPECT_EQ(check.outcome(), v1::Check::OUTCOME_FAIL) << check.detail();
  }
}

TEST_F(VerifierTest, ReleaseListFailingIsTheRpcsError) {
  ON_CALL(api_, ListReleases(_, _, _)).WillByDefault(Return(absl::UnavailableError("down")));
  auto verdict = Make().Verify({}, "candidate-20261126.1");
  EXPECT_EQ(verdict.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(verdict.status().message(), HasSubstr("could not list the releases"));
}

TEST_F(VerifierTest, AVerdictHasEveryConfiguredCheckAndTheStable) {
  auto verdict = Make().Verify({}, "candidate-20261126.1");
  ASSERT_TRUE(verdict.ok()) << verdict.status();
  std::vector<std::string> names;
  for (auto const& check : verdict->checks()) {
    names.push_back(check.name());
    EXPECT_EQ(check.outcome(), v1::Check::OUTCOME_PASS) << check.name() << ": " << check.detail();
  }
  EXPECT_EQ(names, (std::vector<std::string>{"age", "ci", "on_default_branch", "after_stable",
                                             "p0_regressions", "holds", "llvm_upstream",
                                             "assets"}));
  EXPECT_TRUE(verdict->approved());
  EXPECT_EQ(verdict->previous_stable_tag(), "candidate-20261101.1");
  EXPECT_EQ(verdict->candidate().commit_sha(), Sha('b'));
  EXPECT_EQ(verdict->candidate().pinned_submodule_commit(), Sha('e'));
  EXPECT_EQ(verdict->candidate().state(), v1::Candidate::STATE_PRE_RELEASE);
}

TEST_F(VerifierTest, ConfiguredOptionalChecksAreListedAndNeverSilentlyPass) {
  settings_.integration_status_context = "downstream/integrate";
  settings_.integrated_commits_url = "https://example.com/integrated.txt";
  // No fetcher: the file cannot be read, so llvm_integrated is INCONCLUSIVE, not absent.
  auto verdict = Make().Verify({}, "candidate-20261126.1");
  ASSERT_TRUE(verdict.ok()) << verdict.status();
  bool integrated = false, downstream = false;
  for (auto const& check : verdict->checks()) {
    if (check.name() == "llvm_integrated") {
      integrated = true;
      EXPECT_EQ(check.outcome(), v1::Check::OUTCOME_INCONCLUSIVE);
    }
    if (check.name() == "downstream_integration") {
      downstream = true;
      EXPECT_EQ(check.outcome(), v1::Check::OUTCOME_INCONCLUSIVE);
      EXPECT_THAT(check.detail(), HasSubstr("not integrated yet"));
    }
  }
  EXPECT_TRUE(integrated);
  EXPECT_TRUE(downstream);
  EXPECT_FALSE(verdict->approved());
}

TEST_F(VerifierTest, OneFailingEndpointMakesOnlyItsCheckInconclusive) {
  ON_CALL(api_, Compare(_, _, "main", Sha('e')))
      .WillByDefault(Return(absl::UnavailableError("GitHub unavailable after 5 attempts")));
  auto verdict = Make().Verify({}, "candidate-20261126.1");
  ASSERT_TRUE(verdict.ok()) << verdict.status();
  for (auto const& check : verdict->checks()) {
    EXPECT_EQ(check.outcome(), check.name() == "llvm_upstream" ? v1::Check::OUTCOME_INCONCLUSIVE
                                                               : v1::Check::OUTCOME_PASS)
        << check.name() << ": " << check.detail();
    if (check.name() == "llvm_upstream") {
      EXPECT_THAT(check.detail(), HasSubstr("GitHub unavailable after 5 attempts"));
    }
  }
  EXPECT_FALSE(verdict->approved());
}

TEST_F(VerifierTest, AnExpiredDeadlineLeavesEveryGitHubCheckInconclusive) {
  ON_CALL(api_, Compare(_, _, _, _)).WillByDefault(Return(absl::DeadlineExceededError("late")));
  ON_CALL(api_, ListCheckRuns(_, _, _)).WillByDefault(Return(absl::DeadlineExceededError("late")));
  auto verdict = Make().Verify({}, "candidate-20261126.1");
  ASSERT_TRUE(verdict.ok());
  EXPECT_FALSE(verdict->approved());
  int inconclusive = 0;
  for (auto const& check : verdict->checks()) {
    inconclusive += check.outcome() == v1::Check::OUTCOME_INCONCLUSIVE;
  }
  EXPECT_EQ(inconclusive, 4);  // ci, on_default_branch, after_stable, llvm_upstream
}

TEST_F(VerifierTest, PickCandidateSkipsTheYoungOneAndSharesTheReleaseList) {
  EXPECT_CALL(api_, ListReleases(_, _, _)).Times(1).WillOnce(Return(releases_));
  EXPECT_CALL(api_, GetRepository(_, _)).Times(1);
  auto picked = Make().PickCandidate({});
  ASSERT_TRUE(picked.ok()) << picked.status();
  EXPECT_EQ(picked->verdict().candidate().tag(), "candidate-20261126.1");
  ASSERT_EQ(picked->rejected_size(), 1);
  EXPECT_EQ(picked->rejected(0).candidate().tag(), "candidate-20261130.1");
  EXPECT_EQ(picked->rejected(0).checks(0).name(), "age");
  EXPECT_EQ(picked->rejected(0).checks(0).outcome(), v1::Check::OUTCOME_FAIL);
}

// Two candidates cut from one commit (a daily candidate when nothing newer went green), both
// pinning the same LLVM commit: PickCandidate reads that commit's statuses, check runs,
// compares and submodule entry once, and both verdicts use them.
TEST_F(VerifierTest, PickCandidateReadsWhatCandidatesAtOneCommitShareOnce) {
  releases_[0] = MakeRelease(1, "candidate-20261130.1", 'b', absl::Hours(24));
  ON_CALL(api_, ListReleases(_, _, _)).WillByDefault(Return(releases_));
  EXPECT_CALL(api_, GetCombinedStatus(_, _, Sha('b'))).Times(1);
  EXPECT_CALL(api_, ListCheckRuns(_, _, Sha('b'))).Times(1);
  EXPECT_CALL(api_, GetContent(_, _, _, Sha('b'))).Times(1);
  EXPECT_CALL(api_, Compare(_, _, "main", Sha('b'))).Times(1);
  EXPECT_CALL(api_, Compare(_, _, "main", Sha('e'))).Times(1);  // the LLVM pin
  EXPECT_CALL(api_, Compare(_, _, Sha('b'), Sha('a'))).Times(1);  // against the stable one
  auto picked = Make().PickCandidate({});
  ASSERT_TRUE(picked.ok()) << picked.status();
  EXPECT_EQ(picked->verdict().candidate().tag(), "candidate-20261126.1");
  ASSERT_EQ(picked->rejected_size(), 1);
  EXPECT_EQ(picked->rejected(0).candidate().tag(), "candidate-20261130.1");
  // The shared answers are in both verdicts alike.
  for (auto const* verdict : {&picked->verdict(), &picked->rejected(0)}) {
    for (auto const& check : verdict->checks()) {
      if (check.name() == "ci" || check.name() == "on_default_branch" ||
          check.name() == "llvm_upstream") {
        EXPECT_EQ(check.outcome(), v1::Check::OUTCOME_PASS) << check.name() << ": " << check.detail();
      }
    }
  }
}

TEST_F(VerifierTest, PickCandidateIsNotFoundWithTheReasonsWhenNoneQualifies) {
  settings_.min_age = absl::Hours(24 * 100);
  auto picked = Make().PickCandidate({});
  EXPECT_EQ(picked.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(picked.status().message(), HasSubstr("candidate-20261130.1 (age FAIL"));
  EXPECT_THAT(picked.status().message(), HasSubstr("candidate-20261126.1 (age FAIL"));
}

}  // namespace
}  // namespace stablecut::verifier
