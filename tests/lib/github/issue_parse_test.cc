// The issue and issue-comment parsers: shapes written after docs/reference/github.md §10.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/time/time.h"
#include "lib/github/parse.h"
#include "tests/testing/status_matchers.h"

namespace stablecut::github {
namespace {

using ::stablecut::testing::IsOk;
using ::stablecut::testing::StatusIs;
using ::testing::HasSubstr;
using ::testing::SizeIs;

TEST(GitHubParseIssueComments, ReadsEveryAuthorAssociationAndAGhostAuthor) {
  auto comments = ParseIssueComments(R"([
    {"id": 11, "node_id": "IC_1", "url": "https://api.github.com/repos/acme/widgets/issues/comments/11",
     "html_url": "https://github.com/acme/widgets/issues/7#issuecomment-11",
     "issue_url": "https://api.github.com/repos/acme/widgets/issues/7",
     "body": "/hold widgets-runtime crashes on import on macOS\nDetails follow.",
     "user": {"login": "maintainer-mia", "id": 5, "type": "User"},
     "author_association": "MEMBER",
     "created_at": "2025-03-01T10:00:00Z", "updated_at": "2025-03-01T11:00:00Z",
     "performed_via_github_app": null, "reactions": {"total_count": 0}},
    {"id": 12, "html_url": "https://github.com/acme/widgets/issues/7#issuecomment-12",
     "body": "/hold please wait for my PR", "user": {"login": "drive-by-dan"},
     "author_association": "FIRST_TIME_CONTRIBUTOR", "created_at": "2025-03-02T10:00:00Z"},
    {"id": 13, "html_url": "https://github.com/acme/widgets/issues/7#issuecomment-13",
     "body": null, "user": null, "author_association": "NONE",
     "created_at": "2025-03-03T10:00:00Z"}
  ])");
  ASSERT_THAT(comments, IsOk());
  ASSERT_THAT(*comments, SizeIs(3));
  auto const& member = (*comments)[0];
  EXPECT_EQ(member.id, 11);
  EXPECT_EQ(member.user_login, "maintainer-mia");
  EXPECT_EQ(member.author_association, "MEMBER");
  EXPECT_EQ(member.body, "/hold widgets-runtime crashes on import on macOS\nDetails follow.");
  EXPECT_EQ(member.html_url, "https://github.com/acme/widgets/issues/7#issuecomment-11");
  EXPECT_EQ(member.created_at, absl::FromUnixSeconds(1740823200));
  EXPECT_EQ((*comments)[1].author_association, "FIRST_TIME_CONTRIBUTOR");
  EXPECT_EQ((*comments)[2].user_login, "");  // a deleted account
  EXPECT_EQ((*comments)[2].body, "");
  EXPECT_EQ((*comments)[2].author_association, "NONE");
}

TEST(GitHubParseIssueComments, ACommentWithoutAnAssociationIsRefusedNamingTheField) {
  // Whose word counts is decided by it: never guessed.
  EXPECT_THAT(ParseIssueComments(R"([{"id": 1, "html_url": "h", "body": "x",
                                     "user": {"login": "a"}, "created_at": "2025-03-01T10:00:00Z"}])"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("GitHub issue comment [0]: field \"author_association\" is missing")));
  EXPECT_THAT(ParseIssueComment(R"({"id": 1, "html_url": "h", "author_association": 3,
                                   "user": {"login": "a"}, "created_at": "2025-03-01T10:00:00Z"})"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("field \"author_association\" is not a string")));
  EXPECT_THAT(ParseIssueComment(R"({"id": 1, "html_url": "h", "author_association": "NONE",
                                   "user": {"name": "a"}, "created_at": "2025-03-01T10:00:00Z"})"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("\"user.login\" is missing")));
}

TEST(GitHubParseIssue, ReadsTheAuthorAndThePageOfOneIssue) {
  auto issue = ParseIssue(R"({
    "number": 7, "title": "Release proposal: candidate-20250301.1", "state": "open",
    "state_reason": null, "labels": [{"name": "release-proposal"}],
    "created_at": "2025-03-01T10:00:00Z", "closed_at": null, "body": "Proposed.",
    "html_url": "https://github.com/acme/widgets/issues/7",
    "user": {"login": "stablecut-bot", "type": "User"}, "author_association": "MEMBER"})");
  ASSERT_THAT(issue, IsOk());
  EXPECT_EQ(issue->number, 7);
  EXPECT_EQ(issue->html_url, "https://github.com/acme/widgets/issues/7");
  EXPECT_EQ(issue->user_login, "stablecut-bot");
  EXPECT_THAT(issue->labels, ::testing::ElementsAre("release-proposal"));
  // Lists carry them too; a ghost author (user null) reads as no login.
  auto listed = ParseIssues(R"([{"number": 8, "title": "t", "state": "open", "labels": [],
    "created_at": "2025-03-01T10:00:00Z", "user": null,
    "html_url": "https://github.com/acme/widgets/issues/8"}])");
  ASSERT_THAT(listed, IsOk());
  EXPECT_EQ((*listed)[0].html_url, "https://github.com/acme/widgets/issues/8");
  EXPECT_EQ((*listed)[0].user_login, "");
  EXPECT_THAT(ParseIssue("[]"), StatusIs(absl::StatusCode::kInvalidArgument,
                                         HasSubstr("GitHub issue: expected a JSON object")));
}

}  // namespace
}  // namespace stablecut::github
