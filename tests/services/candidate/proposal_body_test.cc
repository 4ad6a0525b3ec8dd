// The proposal issue's body and the comments that close proposals.

#include "services/candidate/proposal_body.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace stablecut::candidate {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;

v1::Verdict Verdict() {
  v1::Verdict verdict;
  v1::Candidate* candidate = verdict.mutable_candidate();
  candidate->set_tag("candidate-20261126.1");
  candidate->set_version("20261126.1");
  candidate->set_commit_sha(std::string(40, 'c'));
  candidate->set_html_url("https://github.com/acme/widgets/releases/tag/candidate-20261126.1");
  v1::Asset* wheel = candidate->add_assets();
  wheel->set_name("widgets-20261126.1-py3-none-any.whl");
  wheel->set_size(1234);
  wheel->set_sha256(std::string(64, 'a'));
  v1::Asset* notes = candidate->add_assets();
  notes->set_name("NOTES.txt");
  notes->set_size(10);
  verdict.set_previous_stable_tag("candidate-20261110.1");
  verdict.mutable_evaluated_at()->set_seconds(1796126400);  // 2026-12-01 12:00 UTC
  v1::Check* age = verdict.add_checks();
  age->set_name("age");
  age->set_outcome(v1::Check::OUTCOME_PASS);
  age->set_detail("public for 5 days");
  v1::Check* holds = verdict.add_checks();
  holds->set_name("holds");
  holds->set_outcome(v1::Check::OUTCOME_FAIL);
  holds->set_detail("held by issue #6 'a | b'\nsecond line");
  verdict.set_approved(false);
  return verdict;
}

TEST(ProposalBodyTest, HoldsTheVerdictTableAssetsPlannedFilesAndHowToObject) {
  std::string body = RenderProposalBody(
      Verdict(), absl::FromCivil(absl::CivilSecond(2026, 12, 3, 12, 0, 0), absl::UTCTimeZone()));
  EXPECT_THAT(body, AllOf(HasSubstr("**candidate-20261126.1**"), HasSubstr(std::string(40, 'c')),
                          HasSubstr("## Verdict: not approved (evaluated 2026-12-01 12:00 UTC)"),
                          HasSubstr("| check | outcome | detail |"),
                          HasSubstr("| age | ✅ PASS | public for 5 days |"),
                          // a '|' and a line break inside a detail do not break the table
                          HasSubstr("| holds | ❌ FAIL | held by issue #6 'a \\| b' second line |"),
                          HasSubstr("| widgets-20261126.1-py3-none-any.whl | 1234 | `aaaa"),
                          HasSubstr("| NOTES.txt | 10 | `none` |"),
                          HasSubstr("candidate-20261110.1")));
  // Only wheels and sdists are planned for PyPI.
  std::string planned = body.substr(body.find("## Planned PyPI files"));
  planned = planned.substr(0, planned.find("## How to object"));
  EXPECT_THAT(planned, AllOf(HasSubstr("widgets-20261126.1-py3-none-any.whl"),
                             Not(HasSubstr("NOTES.txt"))));
  EXPECT_THAT(body, AllOf(HasSubstr("The objection window ends at **2026-12-03 12:00 UTC**"),
                          HasSubstr("`/hold`"), HasSubstr("`/unhold`")));
}

TEST(ProposalBodyTest, ALongDetailIsCutSoThatGitHubTakesTheBody) {
  v1::Verdict verdict = Verdict();
  verdict.mutable_checks(0)->set_detail(std::string(100000, 'x'));
  std::string body = RenderProposalBody(verdict, std::nullopt);
  EXPECT_LT(body.size(), 65536u);
  EXPECT_THAT(body, HasSubstr("(cut; the full detail: VerifierService.Verify)"));
}

TEST(ProposalBodyTest, WithoutAWindowItSaysObjectionsStillBlock) {
  EXPECT_THAT(RenderProposalBody(Verdict(), std::nullopt),
              AllOf(HasSubstr("No objection window is configured"), Not(HasSubstr("ends at"))));
}

TEST(ProposalBodyTest, ClosingComments) {
  EXPECT_EQ(PromotedComment("https://r/1", {"pypi: a.whl", "pypi: b.whl"}),
            "Promoted: https://r/1\n\nPyPI files:\n- pypi: a.whl\n- pypi: b.whl\n");
  EXPECT_EQ(PromotedComment("https://r/1", {}), "Promoted: https://r/1\n");
  EXPECT_THAT(SupersededComment("candidate-20261128.1", "https://r/2"),
              HasSubstr("Not promoted: candidate-20261128.1 was promoted instead (https://r/2)"));
}

}  // namespace
}  // namespace stablecut::candidate
