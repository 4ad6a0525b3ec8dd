#include "lib/release/proposal.h"

#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace stablecut::release {
namespace {

using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::IsEmpty;

std::vector<std::string> const kMaintainers = {"OWNER", "MEMBER", "COLLABORATOR"};

github::IssueComment Comment(int64_t id, std::string association, std::string body,
                             int minutes) {
  github::IssueComment comment;
  comment.id = id;
  comment.user_login = "user" + std::to_string(id);
  comment.author_association = std::move(association);
  comment.body = std::move(body);
  comment.created_at = absl::FromUnixSeconds(1700000000) + absl::Minutes(minutes);
  return comment;
}

github::Issue Issue(int64_t number, std::string title, int minutes, bool pull = false) {
  github::Issue issue;
  issue.number = number;
  issue.title = std::move(title);
  issue.created_at = absl::FromUnixSeconds(1700000000) + absl::Minutes(minutes);
  issue.is_pull_request = pull;
  return issue;
}

TEST(ProposalTest, TitleNamesTheTag) {
  EXPECT_EQ(ProposalTitle("candidate-20261126.1"), "Release proposal: candidate-20261126.1");
}

TEST(ProposalTest, FindsTheOldestIssueWithTheExactTitle) {
  std::vector<github::Issue> issues = {
      Issue(7, "Release proposal: candidate-20261126.1", 30),
      Issue(3, "Release proposal: candidate-20261126.10", 0),
      Issue(5, "Release proposal: candidate-20261126.1", 10),
      Issue(2, "Release proposal: candidate-20261126.1", 1, /*pull=*/true),
  };
  auto found = FindProposal(issues, "candidate-20261126.1");
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->number, 5);
  EXPECT_FALSE(FindProposal(issues, "candidate-20261127.1").has_value());
}

TEST(ProposalTest, CommandIsTheFirstNonBlankLinesFirstWord) {
  EXPECT_EQ(CommandOf("/hold"), ProposalCommand::kHold);
  EXPECT_EQ(CommandOf("\n  /hold crashes on import\nmore"), ProposalCommand::kHold);
  EXPECT_EQ(CommandOf("/unhold fixed"), ProposalCommand::kUnhold);
  EXPECT_EQ(CommandOf("/holdup"), ProposalCommand::kNone);
  EXPECT_EQ(CommandOf("please /hold"), ProposalCommand::kNone);
  EXPECT_EQ(CommandOf("looks good\n/hold"), ProposalCommand::kNone);
  EXPECT_EQ(CommandOf(""), ProposalCommand::kNone);
  EXPECT_EQ(FirstLine("\n\n  /hold  crashes \r\nsecond"), "/hold  crashes");
}

TEST(ProposalTest, AMaintainersHoldStandsUntilAMaintainersUnhold) {
  auto reading = ReadObjections({Comment(1, "MEMBER", "/hold crashes", 0)}, kMaintainers);
  ASSERT_TRUE(reading.standing.has_value());
  EXPECT_EQ(reading.standing->id, 1);

  reading = ReadObjections(
      {Comment(2, "COLLABORATOR", "/unhold fixed", 20), Comment(1, "MEMBER", "/hold crashes", 0)},
      kMaintainers);
  EXPECT_FALSE(reading.standing.has_value());
  EXPECT_THAT(reading.released, ElementsAre(Field(&github::IssueComment::id, 1)));

  // An /unhold before the hold releases nothing.
  reading = ReadObjections(
      {Comment(2, "OWNER", "/unhold", 0), Comment(1, "MEMBER", "/hold crashes", 5)}, kMaintainers);
  ASSERT_TRUE(reading.standing.has_value());
  EXPECT_EQ(reading.standing->id, 1);
}

TEST(ProposalTest, OthersCommandsAreRemarksThatDoNotBlockOrRelease) {
  auto reading = ReadObjections({Comment(1, "NONE", "/hold please wait for my PR", 0),
                                 Comment(2, "MEMBER", "/hold crashes", 1),
                                 Comment(3, "CONTRIBUTOR", "/unhold", 2),
                                 Comment(4, "MEMBER", "ship it", 3)},
                                kMaintainers);
  ASSERT_TRUE(reading.standing.has_value());
  EXPECT_EQ(reading.standing->id, 2);
  EXPECT_THAT(reading.remarks, ElementsAre(Field(&github::IssueComment::id, 1),
                                           Field(&github::IssueComment::id, 3)));
  EXPECT_THAT(reading.released, IsEmpty());
}

TEST(ProposalTest, TheAssociationsThatCountAreConfigurable) {
  auto reading = ReadObjections({Comment(1, "CONTRIBUTOR", "/hold", 0)}, {"CONTRIBUTOR"});
  EXPECT_TRUE(reading.standing.has_value());
  reading = ReadObjections({Comment(1, "MEMBER", "/hold", 0)}, {"OWNER"});
  EXPECT_FALSE(reading.standing.has_value());
  EXPECT_EQ(reading.remarks.size(), 1u);
}

TEST(ProposalTest, KnowsGitHubsAuthorAssociations) {
  EXPECT_TRUE(IsAuthorAssociation("FIRST_TIME_CONTRIBUTOR"));
  EXPECT_TRUE(IsAuthorAssociation("NONE"));
  EXPECT_FALSE(IsAuthorAssociation("member"));
  EXPECT_FALSE(IsAuthorAssociation("MAINTAINER"));
}

}  // namespace
}  // namespace stablecut::release
