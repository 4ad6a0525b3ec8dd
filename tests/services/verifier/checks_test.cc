// Each check of the verifier as a pure function of GitHub's data.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/str_join.h"
#include "services/verifier/ancestry_checks.h"
#include "services/verifier/check.h"
#include "services/verifier/ci_checks.h"
#include "services/verifier/issue_checks.h"
#include "services/verifier/llvm_checks.h"
#include "services/verifier/release_checks.h"

namespace stablecut::verifier {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr auto kPass = v1::Check::OUTCOME_PASS;
constexpr auto kFail = v1::Check::OUTCOME_FAIL;
constexpr auto kInconclusive = v1::Check::OUTCOME_INCONCLUSIVE;

absl::Time const kNow = absl::FromCivil(absl::CivilSecond(2026, 12, 1, 12, 0, 0), absl::UTCTimeZone());
std::string const kSha = "abc1234000000000000000000000000000000000";
std::string const kFix = "fedcba9000000000000000000000000000000000";
std::string const kPin = "1111111000000000000000000000000000000000";

std::string Considered(v1::Check const& check) { return absl::StrJoin(check.considered(), "\n"); }

github::Comparison Compared(std::string status, int ahead, int behind) {
  github::Comparison comparison;
  comparison.status = std::move(status);
  comparison.ahead_by = ahead;
  comparison.behind_by = behind;
  return comparison;
}

github::Release Published(absl::Time published) {
  github::Release release;
  release.tag_name = "candidate-20261128.1";
  release.prerelease = true;
  release.created_at = published - absl::Hours(30);  // the commit's date: never counted
  release.published_at = published;
  return release;
}

TEST(CheckTest, PassedMirrorsTheOutcome) {
  EXPECT_TRUE(Pass("x", "d").passed());
  EXPECT_FALSE(Fail("x", "d").passed());
  EXPECT_FALSE(Inconclusive("x", "d").passed());
  EXPECT_EQ(DescribeDuration(absl::Hours(74)), "3 days 2 hours");
  EXPECT_EQ(DescribeDuration(absl::Hours(96)), "4 days");
  EXPECT_EQ(DescribeDuration(absl::Minutes(130)), "2 hours 10 minutes");
  EXPECT_EQ(DescribeDuration(absl::Seconds(10)), "10 seconds");
  EXPECT_EQ(DescribeDuration(absl::Seconds(1)), "1 second");
}

TEST(AgeCheckTest, CountsFromPublishedAtNotCreatedAt) {
  auto young = AgeCheck(Published(kNow - absl::Hours(74)), kNow, absl::Hours(96));
  EXPECT_EQ(young.outcome(), kFail);
  EXPECT_THAT(young.detail(),
              HasSubstr("3 days 2 hours old, needs 4 days (published 2026-11-28 10:00 UTC)"));
  auto old = AgeCheck(Published(kNow - absl::Hours(96)), kNow, absl::Hours(96));
  EXPECT_EQ(old.outcome(), kPass);
  github::Release never = Published(kNow);
  never.published_at = absl::nullopt;
  EXPECT_EQ(AgeCheck(never, kNow, absl::Hours(96)).outcome(), kInconclusive);
}

github::ReleaseAsset Asset(std::string name, absl::Time at, std::string digest = "ab12") {
  github::ReleaseAsset asset;
  asset.name = std::move(name);
  asset.state = "uploaded";
  asset.digest_sha256 = std::move(digest);
  asset.created_at = asset.updated_at = at;
  return asset;
}

TEST(AssetsCheckTest, PatternsDigestsAndChangesAfterPublication) {
  absl::Time published = kNow - absl::Hours(100);
  github::Release release = Published(published);
  release.assets = {Asset("widgets-1-py3-none-any.whl", published - absl::Minutes(5)),
                    Asset("widgets_runtime-1-py3-none-any.whl", published)};
  std::vector<std::string> patterns = {"widgets-*.whl", "widgets_runtime-*.whl"};
  EXPECT_EQ(AssetsCheck(release, patterns).outcome(), kPass);

  auto missing = AssetsCheck(release, {"widgets-*.whl", "widgets-*.tar.gz"});
  EXPECT_EQ(missing.outcome(), kFail);
  EXPECT_THAT(missing.detail(), HasSubstr("no asset matches \"widgets-*.tar.gz\""));

  github::Release no_digest = release;
  no_digest.assets[0].digest_sha256.clear();
  auto undigested = AssetsCheck(no_digest, patterns);
  EXPECT_EQ(undigested.outcome(), kFail);
  EXPECT_THAT(undigested.detail(), HasSubstr("widgets-1-py3-none-any.whl has no sha256 digest"));

  github::Release changed = release;
  changed.assets[1].updated_at = published + absl::Hours(2);
  auto after = AssetsCheck(changed, patterns);
  EXPECT_EQ(after.outcome(), kFail);
  EXPECT_THAT(after.detail(), HasSubstr("was changed at"));
  EXPECT_THAT(after.detail(), HasSubstr("after the candidate was published"));
}

github::CombinedStatus Statuses(std::vector<std::pair<std::string, std::string>> contexts) {
  github::CombinedStatus combined;
  bool red = false, pending = contexts.empty();
  for (auto const& [context, state] : contexts) {
    combined.statuses.push_back({context, state, "", ""});
    red = red || state == "failure";
    pending = pending || state == "pending";
  }
  combined.total_count = static_cast<int64_t>(contexts.size());
  combined.state = red ? "failure" : pending ? "pending" : "success";
  return combined;
}

std::vector<github::CheckRun> Runs(std::vector<std::pair<std::string, std::string>> runs) {
  std::vector<github::CheckRun> out;
  for (auto const& [name, conclusion] : runs) {
    out.push_back({1, name, conclusion.empty() ? "in_progress" : "completed", conclusion, kSha});
  }
  return out;
}

TEST(CiCheckTest, GreenRedPendingRequiredAndTheIntegratorsContextLeftOut) {
  auto green = CiCheck(kSha, Statuses({{"ci/build", "success"}}),
                       Runs({{"test", "success"}, {"docs", "skipped"}}), {"test"}, "");
  EXPECT_EQ(green.outcome(), kPass) << green.detail();
  // Check runs only: no statuses at all is fine.
  EXPECT_EQ(CiCheck(kSha, Statuses({}), Runs({{"test", "success"}}), {}, "").outcome(), kPass);
  auto red = CiCheck(kSha, Statuses({}), Runs({{"test", "failure"}}), {}, "");
  EXPECT_EQ(red.outcome(), kFail);
  EXPECT_THAT(red.detail(), HasSubstr("check run \"test\" concluded failure"));
  EXPECT_EQ(CiCheck(kSha, Statuses({}), Runs({{"test", ""}}), {}, "").outcome(), kFail);
  auto absent = CiCheck(kSha, Statuses({}), Runs({{"test", "success"}}), {"lint"}, "");
  EXPECT_EQ(absent.outcome(), kFail);
  EXPECT_THAT(absent.detail(), HasSubstr("required check \"lint\" has not run"));
  // The integrator's failure is downstream_integration's to judge.
  auto integrated = CiCheck(kSha, Statuses({{"ci/build", "success"}, {"downstream", "failure"}}),
                            Runs({{"test", "success"}}), {}, "downstream");
  EXPECT_EQ(integrated.outcome(), kPass) << integrated.detail();
  EXPECT_EQ(CiCheck(kSha, absl::UnavailableError("GitHub down"), Runs({}), {}, "").outcome(),
            kInconclusive);
}

TEST(DownstreamIntegrationCheckTest, SuccessFailureAndAbsent) {
  EXPECT_EQ(DownstreamIntegrationCheck(kSha, "d", Statuses({{"d", "success"}})).outcome(), kPass);
  auto failed = DownstreamIntegrationCheck(kSha, "d", Statuses({{"d", "failure"}}));
  EXPECT_EQ(failed.outcome(), kFail);
  EXPECT_THAT(failed.detail(), HasSubstr("needed cherry-picks: do not promote"));
  auto absent = DownstreamIntegrationCheck(kSha, "d", Statuses({{"ci", "success"}}));
  EXPECT_EQ(absent.outcome(), kInconclusive);
  EXPECT_THAT(absent.detail(), HasSubstr("not integrated yet"));
  EXPECT_EQ(DownstreamIntegrationCheck(kSha, "d", Statuses({{"d", "pending"}})).outcome(),
            kInconclusive);
}

TEST(AncestryChecksTest, OnDefaultBranch) {
  EXPECT_EQ(OnDefaultBranchCheck(kSha, "main", Compared("behind", 0, 3)).outcome(), kPass);
  EXPECT_EQ(OnDefaultBranchCheck(kSha, "main", Compared("identical", 0, 0)).outcome(), kPass);
  auto off = OnDefaultBranchCheck(kSha, "main", Compared("diverged", 1, 4));
  EXPECT_EQ(off.outcome(), kFail);
  EXPECT_THAT(off.detail(), HasSubstr("abc1234 is not on main (compare: diverged, 1 ahead"));
  EXPECT_EQ(Considered(off), "compare main...abc1234: diverged, 1 ahead, 4 behind");
  EXPECT_EQ(OnDefaultBranchCheck(kSha, "main", absl::UnavailableError("x")).outcome(),
            kInconclusive);
}

TEST(AncestryChecksTest, AfterStable) {
  ReleaseRef stable{"candidate-20261101.1", kFix, kNow - absl::Hours(24 * 30)};
  EXPECT_EQ(AfterStableCheck(kSha, stable, Compared("behind", 0, 5)).outcome(), kPass);
  auto backwards = AfterStableCheck(kSha, stable, Compared("ahead", 2, 0));
  EXPECT_EQ(backwards.outcome(), kFail);
  EXPECT_THAT(backwards.detail(), HasSubstr("would move latest backwards"));
  auto none = AfterStableCheck(kSha, std::nullopt, absl::UnavailableError("unused"));
  EXPECT_EQ(none.outcome(), kPass);
  EXPECT_THAT(none.detail(), HasSubstr("no stable release yet"));
}

github::Issue MakeIssue(int64_t number, std::string title, std::string state, absl::Time created) {
  github::Issue issue;
  issue.number = number;
  issue.title = std::move(title);
  issue.state = std::move(state);
  issue.created_at = created;
  return issue;
}

TEST(P0RegressionsCheckTest, TheRegressionRulesCases) {
  absl::Time promoted = kNow - absl::Hours(24 * 15);
  ReleaseRef stable{"candidate-20261116.1", kFix, promoted};
  std::vector<std::string> labels = {"P0", "regression"};
  auto check = [&](std::vector<RegressionIssue> issues) {
    return P0RegressionsCheck("candidate-20261128.1", kSha, labels, stable, issues);
  };
  RegressionIssue open{MakeIssue(123, "P0: crash in X", "open", promoted + absl::Hours(1))};
  auto blocked = check({open});
  EXPECT_EQ(blocked.outcome(), kFail);
  EXPECT_THAT(blocked.detail(),
              HasSubstr("issue #123 'P0: crash in X' opened after candidate-20261116.1 was "
                        "promoted is still open"));

  RegressionIssue inside{MakeIssue(2, "crash", "closed", promoted + absl::Hours(1)), kFix,
                         Compared("behind", 0, 2)};
  EXPECT_EQ(check({inside}).outcome(), kPass);

  RegressionIssue outside{MakeIssue(2, "crash", "closed", promoted + absl::Hours(1)), kFix,
                          Compared("ahead", 1, 0)};
  auto lacks = check({outside});
  EXPECT_EQ(lacks.outcome(), kFail);
  EXPECT_THAT(lacks.detail(), HasSubstr("was fixed by fedcba9, which candidate-20261128.1 does "
                                        "not contain"));

  RegressionIssue by_hand{MakeIssue(4, "colour", "closed", promoted + absl::Hours(1)),
                          std::string()};
  auto manual = check({by_hand});
  EXPECT_EQ(manual.outcome(), kPass);
  EXPECT_THAT(Considered(manual), HasSubstr("closed without a commit"));

  RegressionIssue before{MakeIssue(1, "upside down", "open", promoted - absl::Hours(1))};
  auto earlier = check({before});
  EXPECT_EQ(earlier.outcome(), kPass);
  EXPECT_THAT(Considered(earlier), HasSubstr("not counted"));

  RegressionIssue unreadable{MakeIssue(9, "?", "closed", promoted + absl::Hours(1)),
                             absl::UnavailableError("events down")};
  EXPECT_EQ(check({unreadable}).outcome(), kInconclusive);
  // A definite block beats an unreadable one.
  EXPECT_EQ(check({unreadable, open}).outcome(), kFail);
  // Without a stable release every regression counts, and the detail says so.
  auto no_stable =
      P0RegressionsCheck("candidate-20261128.1", kSha, labels, std::nullopt,
                         std::vector<RegressionIssue>{before});
  EXPECT_EQ(no_stable.outcome(), kFail);
  EXPECT_THAT(no_stable.detail(), HasSubstr("no stable release"));
}

TEST(P0RegressionsCheckTest, TheLatestClosedEventCounts) {
  github::IssueEvent first{1, "closed", "aaaa", kNow - absl::Hours(5)};
  github::IssueEvent reopened{2, "reopened", "", kNow - absl::Hours(4)};
  github::IssueEvent second{3, "closed", "", kNow - absl::Hours(3)};
  EXPECT_EQ(ClosingCommit({first, reopened, second}), "");
  EXPECT_EQ(ClosingCommit({first, reopened}), "aaaa");
  EXPECT_EQ(ClosingCommit({}), "");
}

TEST(HoldsCheckTest, NamesTheTagOrAllCandidates) {
  EXPECT_TRUE(HoldNames("Hold candidate-20261126.1: licence", "candidate-20261126.1"));
  EXPECT_FALSE(HoldNames("Hold candidate-20261126.10", "candidate-20261126.1"));
  EXPECT_TRUE(HoldNames("Freeze ALL candidates", "candidate-20261126.1"));
  std::vector<github::Issue> issues = {
      MakeIssue(6, "Hold candidate-20261126.1: licence review", "open", kNow)};
  auto held = HoldsCheck("candidate-20261126.1", "release-hold", issues);
  EXPECT_EQ(held.outcome(), kFail);
  EXPECT_THAT(held.detail(), HasSubstr("issue #6 'Hold candidate-20261126.1: licence review'"));
  auto other = HoldsCheck("candidate-20261127.1", "release-hold", issues);
  EXPECT_EQ(other.outcome(), kPass);
  EXPECT_THAT(other.detail(), HasSubstr("(1 open release-hold issue seen)"));
  EXPECT_EQ(HoldsCheck("candidate-20261127.1", "release-hold", absl::UnavailableError("x"))
                .outcome(),
            kInconclusive);
}

TEST(LlvmUpstreamCheckTest, OnMainNotUpstreamAndNoSubmodule) {
  github::RepoRef llvm{"llvm", "llvm-project"};
  EXPECT_EQ(LlvmUpstreamCheck("third_party/llvm-project", llvm, "main", kPin,
                              Compared("behind", 0, 10))
                .outcome(),
            kPass);
  auto diverged = LlvmUpstreamCheck("third_party/llvm-project", llvm, "main", kPin,
                                    Compared("diverged", 2, 4));
  EXPECT_EQ(diverged.outcome(), kFail);
  EXPECT_THAT(diverged.detail(),
              HasSubstr("llvm commit 1111111 is not on llvm/llvm-project main (compare: "
                        "diverged, 2 ahead"));
  auto unknown = LlvmUpstreamCheck("third_party/llvm-project", llvm, "main", kPin,
                                   absl::NotFoundError("Not Found"));
  EXPECT_EQ(unknown.outcome(), kFail);
  EXPECT_THAT(unknown.detail(), HasSubstr("not upstream"));
  github::ContentEntry file;
  file.type = "file";
  auto pin = PinnedCommit("third_party/llvm-project", file);
  EXPECT_EQ(pin.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(LlvmUpstreamCheck("third_party/llvm-project", llvm, "main", pin,
                              Compared("behind", 0, 1))
                .outcome(),
            kFail);
  EXPECT_EQ(LlvmUpstreamCheck("third_party/llvm-project", llvm, "main", kPin,
                              absl::DeadlineExceededError("late"))
                .outcome(),
            kInconclusive);
}

TEST(LlvmIntegratedCheckTest, ListedCommitsCommentsAndAbbreviations) {
  auto parsed = ParseIntegratedCommits("# integrated\n1111111\n\nABCDEF0123  # upper\n");
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->count("abcdef0123"), 1u);
  EXPECT_FALSE(ParseIntegratedCommits("not-a-sha\n").ok());
  EXPECT_EQ(LlvmIntegratedCheck("https://x/list", kPin, std::string("1111111\n")).outcome(),
            kPass);
  auto missing = LlvmIntegratedCheck("https://x/list", kPin, std::string("2222222\n"));
  EXPECT_EQ(missing.outcome(), kFail);
  EXPECT_THAT(missing.detail(), HasSubstr("not among the 1 commits integrated downstream"));
  EXPECT_EQ(LlvmIntegratedCheck("https://x/list", kPin,
                                absl::StatusOr<std::string>(absl::UnavailableError("down")))
                .outcome(),
            kInconclusive);
}

}  // namespace
}  // namespace stablecut::verifier
