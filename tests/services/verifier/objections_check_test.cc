// The `objections` check as a pure function of the proposal and its comments.

#include "services/verifier/objections_check.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/str_join.h"

namespace stablecut::verifier {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr auto kPass = v1::Check::OUTCOME_PASS;
constexpr auto kFail = v1::Check::OUTCOME_FAIL;
constexpr auto kInconclusive = v1::Check::OUTCOME_INCONCLUSIVE;

absl::Time const kNow =
    absl::FromCivil(absl::CivilSecond(2026, 12, 1, 12, 0, 0), absl::UTCTimeZone());
constexpr char kTag[] = "candidate-20261126.1";
ObjectionsRule const kRule{absl::Hours(48), "release-proposal", {"OWNER", "MEMBER", "COLLABORATOR"}};

github::Issue Proposal(absl::Duration age, std::string state = "open") {
  github::Issue issue;
  issue.number = 42;
  issue.title = "Release proposal: candidate-20261126.1";
  issue.state = std::move(state);
  issue.created_at = kNow - age;
  issue.html_url = "https://github.com/acme/widgets/issues/42";
  return issue;
}

github::IssueComment Comment(std::string user, std::string association, std::string body,
                             absl::Duration ago) {
  github::IssueComment comment;
  comment.id = static_cast<int64_t>(absl::ToInt64Seconds(ago));
  comment.user_login = std::move(user);
  comment.author_association = std::move(association);
  comment.body = std::move(body);
  comment.created_at = kNow - ago;
  comment.html_url = absl::StrCat("https://github.com/acme/widgets/issues/42#issuecomment-",
                                  comment.id);
  return comment;
}

v1::Check Check(absl::StatusOr<std::optional<github::Issue>> proposal,
                absl::StatusOr<std::vector<github::IssueComment>> comments =
                    std::vector<github::IssueComment>()) {
  return ObjectionsCheck(kTag, kRule, kNow, proposal, comments);
}

TEST(ObjectionsCheckTest, NoProposalFailsNotProposedYet) {
  v1::Check check = Check(std::optional<github::Issue>());
  EXPECT_EQ(check.name(), "objections");
  EXPECT_EQ(check.outcome(), kFail);
  EXPECT_THAT(check.detail(), AllOf(HasSubstr("not proposed yet"),
                                    HasSubstr("\"Release proposal: candidate-20261126.1\""),
                                    HasSubstr("ProposeCandidate")));
}

TEST(ObjectionsCheckTest, WhileTheWindowRunsItIsInconclusiveSayingWhenItEnds) {
  v1::Check check = Check(Proposal(absl::Hours(5)), std::vector<github::IssueComment>());
  EXPECT_EQ(check.outcome(), kInconclusive);
  EXPECT_THAT(check.detail(), AllOf(HasSubstr("proposed 5 hours 0 minutes ago"),
                                    HasSubstr("window ends at 2026-12-03 07:00 UTC"),
                                    HasSubstr("issues/42")));
}

TEST(ObjectionsCheckTest, AfterTheWindowWithoutObjectionItPasses) {
  v1::Check check = Check(Proposal(absl::Hours(49)), std::vector<github::IssueComment>{
      Comment("carol", "MEMBER", "looks good", absl::Hours(30))});
  EXPECT_EQ(check.outcome(), kPass) << check.detail();
  EXPECT_THAT(check.detail(), HasSubstr("window has passed with no standing objection"));
}

TEST(ObjectionsCheckTest, AMembersHoldFailsQuotingWhoWhenTheFirstLineAndTheLink) {
  v1::Check check = Check(Proposal(absl::Hours(72)), std::vector<github::IssueComment>{
      Comment("alice", "MEMBER", "/hold widgets-runtime crashes on macOS\ndetails below",
              absl::Hours(24))});
  EXPECT_EQ(check.outcome(), kFail);
  EXPECT_THAT(check.detail(),
              AllOf(HasSubstr("alice (MEMBER) at 2026-11-30 12:00 UTC"),
                    HasSubstr("\"/hold widgets-runtime crashes on macOS\""),
                    HasSubstr("#issuecomment-86400"), Not(HasSubstr("details below"))));
}

TEST(ObjectionsCheckTest, AHoldBlocksEvenWhileTheWindowRuns) {
  v1::Check check = Check(Proposal(absl::Hours(2)), std::vector<github::IssueComment>{
      Comment("o", "OWNER", "/hold", absl::Hours(1))});
  EXPECT_EQ(check.outcome(), kFail);
}

TEST(ObjectionsCheckTest, AnUnholdReleasesIt) {
  v1::Check check = Check(Proposal(absl::Hours(72)), std::vector<github::IssueComment>{
      Comment("alice", "MEMBER", "/hold crashes", absl::Hours(50)),
      Comment("bob", "COLLABORATOR", "/unhold fixed", absl::Hours(20))});
  EXPECT_EQ(check.outcome(), kPass) << check.detail();
  EXPECT_THAT(check.detail(), HasSubstr("1 hold released by /unhold"));
  EXPECT_THAT(absl::StrJoin(check.considered(), "\n"), HasSubstr("released hold: alice"));
}

TEST(ObjectionsCheckTest, OthersHoldsAreShownAsRemarksAndDoNotBlock) {
  v1::Check check = Check(Proposal(absl::Hours(72)), std::vector<github::IssueComment>{
      Comment("mallory", "NONE", "/hold please wait for my PR", absl::Hours(10))});
  EXPECT_EQ(check.outcome(), kPass);
  EXPECT_THAT(check.detail(), AllOf(HasSubstr("not blocking"), HasSubstr("mallory (NONE)"),
                                    HasSubstr("/hold please wait for my PR")));
}

TEST(ObjectionsCheckTest, AClosedProposalFails) {
  github::Issue closed = Proposal(absl::Hours(72), "closed");
  closed.state_reason = "not_planned";
  v1::Check check = Check(closed, std::vector<github::IssueComment>());
  EXPECT_EQ(check.outcome(), kFail);
  EXPECT_THAT(check.detail(), AllOf(HasSubstr("was closed"), HasSubstr("not_planned")));
}

TEST(ObjectionsCheckTest, GitHubUnreadableIsInconclusive) {
  v1::Check check = Check(absl::UnavailableError("GitHub is down"));
  EXPECT_EQ(check.outcome(), kInconclusive);
  EXPECT_THAT(check.detail(), HasSubstr("GitHub is down"));
  check = Check(Proposal(absl::Hours(72)), absl::UnavailableError("comments down"));
  EXPECT_EQ(check.outcome(), kInconclusive);
  EXPECT_THAT(check.detail(), AllOf(HasSubstr("the comments of proposal #42"),
                                    HasSubstr("comments down")));
}

}  // namespace
}  // namespace stablecut::verifier
