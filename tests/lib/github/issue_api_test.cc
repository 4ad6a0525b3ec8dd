// github::RestApi's issue writes and comments against a running stablecut-sandbox: create,
// edit, every comment across pages, the credential's errors, and a write sent only once.
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include <nlohmann/json.hpp>
#include "tests/lib/github/rest_api_fixture.h"
#include "tests/testing/status_matchers.h"

namespace stablecut::github {
namespace {

using ::stablecut::testing::IsOk;
using ::stablecut::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

class IssueApiTest : public RestApiTest {
 protected:
  Issue Propose(std::string const& title = "Release proposal: candidate-20991231.1") {
    IssueWrite write;
    write.title = title;
    write.body = "Proposed by the test.";
    write.labels = std::vector<std::string>{"release-proposal"};
    auto issue = api_->CreateIssue({}, kWidgets, write);
    EXPECT_THAT(issue, IsOk());
    return issue.ok() ? *issue : Issue{};
  }

  // Adds a comment as `user` through the sandbox's control API.
  void CommentAs(int64_t number, std::string const& user, std::string const& association,
                 std::string const& body) {
    nlohmann::json request = {{"owner", kWidgets.owner}, {"repo", kWidgets.name},
                              {"number", number},        {"user", user},
                              {"author_association", association}, {"body", body}};
    auto reply = sandbox_->Send("POST", "/_control/comments", "", request.dump());
    ASSERT_EQ(reply.status, 201) << reply.body;
  }

  // How many requests the sandbox saw whose path contains `part`.
  int RequestsTo(std::string const& method, std::string const& part) {
    auto dump = sandbox_->DumpState();
    EXPECT_THAT(dump, IsOk());
    int count = 0;
    if (!dump.ok()) return count;
    nlohmann::json const state = nlohmann::json::parse(*dump);  // outlives the loop
    for (auto const& seen : state["requests"]) {
      if (seen["method"] == method && absl::StrContains(seen["path"].get<std::string>(), part)) {
        ++count;
      }
    }
    return count;
  }
};

TEST_F(IssueApiTest, CreatesAnIssueThatListingShowsWithItsPageAndAuthor) {
  Issue issue = Propose();
  EXPECT_GT(issue.number, 0);
  EXPECT_EQ(issue.title, "Release proposal: candidate-20991231.1");
  EXPECT_EQ(issue.body, "Proposed by the test.");
  EXPECT_EQ(issue.state, "open");
  EXPECT_THAT(issue.labels, ElementsAre("release-proposal"));
  EXPECT_EQ(issue.user_login, "stablecut-bot");
  EXPECT_THAT(issue.html_url, HasSubstr(absl::StrCat("/issues/", issue.number)));

  IssueQuery query;
  query.labels = {"release-proposal"};
  query.state = "open";
  auto listed = api_->ListIssues({}, kWidgets, query);
  ASSERT_THAT(listed, IsOk());
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ((*listed)[0].number, issue.number);
  EXPECT_EQ((*listed)[0].html_url, issue.html_url);
  EXPECT_EQ((*listed)[0].user_login, "stablecut-bot");
}

TEST_F(IssueApiTest, UpdatesOnlyTheFieldsSetAndClosesWithAReason) {
  Issue issue = Propose();
  IssueWrite close;
  close.state = "closed";
  close.state_reason = "not_planned";
  auto closed = api_->UpdateIssue({}, kWidgets, issue.number, close);
  ASSERT_THAT(closed, IsOk());
  EXPECT_EQ(closed->state, "closed");
  EXPECT_EQ(closed->state_reason, "not_planned");
  EXPECT_TRUE(closed->closed_at.has_value());
  EXPECT_EQ(closed->title, issue.title);  // unset: left as it was
  EXPECT_EQ(closed->body, issue.body);
  EXPECT_THAT(closed->labels, ElementsAre("release-proposal"));
  auto events = api_->ListIssueEvents({}, kWidgets, issue.number);
  ASSERT_THAT(events, IsOk());
  ASSERT_EQ(events->size(), 1u);
  EXPECT_EQ((*events)[0].event, "closed");

  IssueWrite retitle;
  retitle.title = "Release proposal: candidate-20991231.1 (withdrawn)";
  retitle.labels = std::vector<std::string>{};  // clears them
  auto retitled = api_->UpdateIssue({}, kWidgets, issue.number, retitle);
  ASSERT_THAT(retitled, IsOk());
  EXPECT_EQ(retitled->title, "Release proposal: candidate-20991231.1 (withdrawn)");
  EXPECT_TRUE(retitled->labels.empty());
  EXPECT_EQ(retitled->state, "closed");
}

TEST_F(IssueApiTest, RefusedWritesMapToTheDocumentedCodes) {
  Issue issue = Propose();
  IssueWrite bad_state;
  bad_state.state = "merged";
  EXPECT_THAT(api_->UpdateIssue({}, kWidgets, issue.number, bad_state),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr(absl::StrCat("PATCH issue #", issue.number))));
  IssueWrite untitled;
  untitled.body = "no title";
  EXPECT_THAT(api_->CreateIssue({}, kWidgets, untitled),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("title missing_field")));
  IssueWrite close;
  close.state = "closed";
  EXPECT_THAT(api_->UpdateIssue({}, kWidgets, 99999, close),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("PATCH issue #99999")));
  EXPECT_THAT(api_->ListIssueComments({}, kWidgets, 99999),
              StatusIs(absl::StatusCode::kNotFound, ::testing::_));
  EXPECT_THAT(api_->CreateIssueComment({}, kWidgets, 99999, "x"),
              StatusIs(absl::StatusCode::kNotFound, ::testing::_));
}

TEST_F(IssueApiTest, ListsEveryCommentOldestFirstAcrossPagesOfAHundred) {
  Issue issue = Propose();
  // 203 comments: three pages of 100 (the last with 3), by authors of every association.
  char const* const associations[] = {"OWNER",       "MEMBER",      "COLLABORATOR",
                                      "CONTRIBUTOR", "FIRST_TIME_CONTRIBUTOR",
                                      "FIRST_TIMER", "NONE"};
  for (int i = 0; i < 202; ++i) {
    CommentAs(issue.number, absl::StrCat("user-", i % 7), associations[i % 7],
              absl::StrCat("comment ", i));
  }
  auto posted = api_->CreateIssueComment({}, kWidgets, issue.number, "/hold last word");
  ASSERT_THAT(posted, IsOk());
  EXPECT_EQ(posted->user_login, "stablecut-bot");
  EXPECT_EQ(posted->author_association, "MEMBER");
  EXPECT_EQ(posted->body, "/hold last word");
  EXPECT_THAT(posted->html_url, HasSubstr(absl::StrCat("#issuecomment-", posted->id)));

  auto comments = api_->ListIssueComments({}, kWidgets, issue.number);
  ASSERT_THAT(comments, IsOk());
  ASSERT_EQ(comments->size(), 203u);
  for (int i = 0; i < 202; ++i) {
    SCOPED_TRACE(i);
    auto const& comment = (*comments)[i];
    EXPECT_EQ(comment.body, absl::StrCat("comment ", i));
    EXPECT_EQ(comment.user_login, absl::StrCat("user-", i % 7));
    EXPECT_EQ(comment.author_association, associations[i % 7]);
    if (i > 0) {
      EXPECT_LE((*comments)[i - 1].created_at, comment.created_at);
    }
  }
  EXPECT_EQ(comments->back().id, posted->id);
  // Three pages of per_page=100, each found through the link header.
  EXPECT_EQ(RequestsTo("GET", absl::StrCat("/issues/", issue.number, "/comments?")), 3);
}

TEST_F(IssueApiTest, TheReadTokenAndNoTokenAreFailedPreconditionsNamingTheRole) {
  Issue issue = Propose();
  std::string token = sandbox_->read_token();
  auto reader = MakeApi(token);
  IssueWrite write;
  write.title = "x";
  auto refused = reader->CreateIssue({}, kWidgets, write);
  EXPECT_THAT(refused, StatusIs(absl::StatusCode::kFailedPrecondition,
                                HasSubstr("the test's GitHub token")));
  EXPECT_THAT(refused.status().message(), HasSubstr("issues=write"));
  EXPECT_THAT(refused.status().message(), Not(HasSubstr(token)));
  EXPECT_THAT(reader->CreateIssueComment({}, kWidgets, issue.number, "x"),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("403")));
  EXPECT_THAT(reader->UpdateIssue({}, kWidgets, issue.number, write),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("403")));
  EXPECT_THAT(reader->ListIssueComments({}, kWidgets, issue.number), IsOk());
  auto anonymous = MakeApi("");
  EXPECT_THAT(anonymous->CreateIssue({}, kWidgets, write),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("401")));
  EXPECT_TRUE(delays_.empty());  // a refusal is not retried
}

TEST_F(IssueApiTest, AnInjected403OnCreateIsNotRetried) {
  // With GitHub's permission message: our token's fault, FAILED_PRECONDITION.
  ASSERT_THAT(sandbox_->InjectFault(
                  R"({"method":"POST","path_regex":"/issues$","status":403,"count":1,)"
                  R"("body":"{\"message\":\"Resource not accessible by personal access token\"}"})"),
              IsOk());
  IssueWrite write;
  write.title = "Release proposal: candidate-20991231.1";
  EXPECT_THAT(api_->CreateIssue({}, kWidgets, write),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("POST issues: GitHub refused the test's GitHub token")));
  // Without a body the sandbox's 403 is a secondary rate limit: UNAVAILABLE, and a write
  // is not sent again after it.
  ASSERT_THAT(sandbox_->InjectFault(
                  R"({"method":"POST","path_regex":"/issues$","status":403,"count":1})"),
              IsOk());
  EXPECT_THAT(api_->CreateIssue({}, kWidgets, write),
              StatusIs(absl::StatusCode::kUnavailable, HasSubstr("secondary rate limit")));
  EXPECT_TRUE(delays_.empty());
  EXPECT_EQ(RequestsTo("POST", "/issues"), 2);
  IssueQuery proposals;
  proposals.labels = {"release-proposal"};
  EXPECT_TRUE(api_->ListIssues({}, kWidgets, proposals)->empty());
}

TEST_F(IssueApiTest, A503OnCreateIsRetriedBecauseNothingWasDone) {
  ASSERT_THAT(sandbox_->InjectFault(
                  R"({"method":"POST","path_regex":"/comments$","status":503,"retry_after_seconds":1,"count":1})"),
              IsOk());
  Issue issue = Propose();
  auto comment = api_->CreateIssueComment({}, kWidgets, issue.number, "once");
  ASSERT_THAT(comment, IsOk());
  EXPECT_EQ(delays_, std::vector<absl::Duration>{absl::Seconds(1)});
  auto comments = api_->ListIssueComments({}, kWidgets, issue.number);
  ASSERT_THAT(comments, IsOk());
  EXPECT_EQ(comments->size(), 1u);
}

TEST_F(IssueApiTest, ALostAnswerToCreateIsUnavailableAndTheIssueIsFoundByListing) {
  // The sandbox creates the issue, then cuts its answer: a write that reached GitHub is not
  // sent again (it would open a second issue); the caller reconciles by reading.
  ASSERT_THAT(sandbox_->InjectFault(
                  R"({"method":"POST","path_regex":"/issues$","drop_after_bytes":10,"count":1})"),
              IsOk());
  IssueWrite write;
  write.title = "Release proposal: candidate-20991231.1";
  write.labels = std::vector<std::string>{"release-proposal"};
  EXPECT_THAT(api_->CreateIssue({}, kWidgets, write),
              StatusIs(absl::StatusCode::kUnavailable, ::testing::_));
  EXPECT_EQ(RequestsTo("POST", "/issues"), 1);
  IssueQuery query;
  query.labels = {"release-proposal"};
  auto listed = api_->ListIssues({}, kWidgets, query);
  ASSERT_THAT(listed, IsOk());
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ((*listed)[0].title, "Release proposal: candidate-20991231.1");
}

}  // namespace
}  // namespace stablecut::github
