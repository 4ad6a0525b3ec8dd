#include "tools/cli/render_verdict.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace stablecut::cli {
namespace {

using ::testing::HasSubstr;

v1::Verdict Sample() {
  v1::Verdict verdict;
  verdict.mutable_candidate()->set_tag("candidate-20261126.1");
  verdict.mutable_candidate()->set_state(v1::Candidate::STATE_PRE_RELEASE);
  verdict.mutable_candidate()->set_commit_sha("0123456789abcdef0123");
  verdict.set_previous_stable_tag("candidate-20261120.1");
  auto add = [&](char const* name, v1::Check::Outcome outcome, char const* detail) {
    auto* check = verdict.add_checks();
    check->set_name(name);
    check->set_outcome(outcome);
    check->set_passed(outcome == v1::Check::OUTCOME_PASS);
    check->set_detail(detail);
  };
  add("age", v1::Check::OUTCOME_FAIL, "1 day old, needs 4 days");
  add("ci", v1::Check::OUTCOME_PASS, "green");
  add("downstream_integration", v1::Check::OUTCOME_INCONCLUSIVE, "no status yet");
  return verdict;
}

TEST(RenderVerdict, ATableWithAMarkPerCheckAndItsDetail) {
  EXPECT_EQ(RenderVerdict(Sample(), Style::Plain()),
            "candidate-20261126.1 (pre-release, commit 0123456789ab), previous stable "
            "candidate-20261120.1: not approved\n"
            "   CHECK                   DETAIL\n"
            "✗  age                     1 day old, needs 4 days\n"
            "✓  ci                      green\n"
            "?  downstream_integration  no status yet\n");
}

TEST(RenderVerdict, MarksAreColouredOnlyWithColour) {
  Style colour = Style::For(true, false);
  std::string text = RenderVerdict(Sample(), colour);
  EXPECT_THAT(text, HasSubstr("\x1b[31m✗\x1b[0m"));
  EXPECT_THAT(text, HasSubstr("\x1b[32m✓\x1b[0m"));
  EXPECT_THAT(text, HasSubstr("\x1b[33m?\x1b[0m"));
  EXPECT_EQ(RenderVerdict(Sample(), Style::Plain()).find('\x1b'), std::string::npos);
}

TEST(RenderVerdict, NotPassedNamesFailedAndInconclusiveChecks) {
  EXPECT_EQ(NotPassed(Sample()), "age FAIL, downstream_integration INCONCLUSIVE");
}

TEST(RenderPick, ListsTheNewerRejectedCandidates) {
  v1::PickCandidateResponse response;
  *response.mutable_verdict() = Sample();
  *response.add_rejected() = Sample();
  response.mutable_rejected(0)->mutable_candidate()->set_tag("candidate-20261127.1");
  std::string text = RenderPick(response, Style::Plain());
  EXPECT_THAT(text, HasSubstr("Picked candidate-20261126.1"));
  EXPECT_THAT(text, HasSubstr("candidate-20261127.1  age FAIL, downstream_integration INCONCLUSIVE"));
}

}  // namespace
}  // namespace stablecut::cli
