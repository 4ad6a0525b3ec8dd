// Issue comments over real HTTP: listed oldest first in pages with a link header, posted by
// the write token's user, and added as anyone through POST /_control/comments.
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "tests/tools/sandbox/sandbox_fixture.h"

namespace stablecut::testing {
namespace {

using ::testing::HasSubstr;

class SandboxIssueComments : public SandboxTest {
 protected:
  void SetUp() override {
    SandboxTest::SetUp();
    if (HasFatalFailure()) return;
    HttpReply issue = sandbox().Send("POST", SandboxProcess::Demo("/issues"), write(),
                                     R"({"title":"Release proposal: candidate-20300101.1"})");
    ASSERT_EQ(issue.status, 201) << issue.body;
    number_ = issue.Json()["number"];
  }

  std::string Comments(std::string const& query = "") const {
    return SandboxProcess::Demo(absl::StrCat("/issues/", number_, "/comments", query));
  }

  HttpReply ControlComment(nlohmann::json body) {
    return sandbox().Send("POST", "/_control/comments", "", body.dump());
  }

  nlohmann::json ControlBody(std::string const& text) const {
    return {{"owner", "stablecut-demo"}, {"repo", "widgets"},     {"number", number_},
            {"user", "maintainer-mia"},  {"author_association", "MEMBER"}, {"body", text}};
  }

  int64_t number_ = 0;
};

TEST_F(SandboxIssueComments, PostAnswers201InGitHubsShapeByTheWriteTokensUser) {
  ASSERT_EQ(sandbox().Send("POST", "/_control/clock", "", R"({"now":"2030-01-02T03:04:05Z"})").status,
            200);
  HttpReply reply = sandbox().Send("POST", Comments(), write(), R"({"body":"/hold not yet"})");
  ASSERT_EQ(reply.status, 201) << reply.body;
  nlohmann::json comment = reply.Json();
  EXPECT_TRUE(comment["id"].is_number_integer());
  EXPECT_TRUE(comment["node_id"].is_string());
  EXPECT_EQ(comment["body"], "/hold not yet");
  EXPECT_EQ(comment["user"]["login"], "stablecut-bot");
  EXPECT_EQ(comment["user"]["type"], "User");
  EXPECT_EQ(comment["author_association"], "MEMBER");
  // The set clock goes on ticking: the stamp is the sandbox's now, shortly after it was set.
  std::string const created = comment["created_at"].get<std::string>();
  EXPECT_GE(created, "2030-01-02T03:04:05Z");
  EXPECT_LE(created, "2030-01-02T03:05:05Z");
  EXPECT_EQ(comment["updated_at"], created);
  EXPECT_EQ(comment["url"], sandbox().Url(SandboxProcess::Demo(
                                absl::StrCat("/issues/comments/", comment["id"].get<int64_t>()))));
  EXPECT_EQ(comment["issue_url"],
            sandbox().Url(SandboxProcess::Demo(absl::StrCat("/issues/", number_))));
  EXPECT_THAT(comment["html_url"].get<std::string>(),
              HasSubstr(absl::StrCat("/issues/", number_, "#issuecomment-",
                                     comment["id"].get<int64_t>())));
  // The issue counts it and was updated by it.
  auto issue = sandbox().Get(SandboxProcess::Demo(absl::StrCat("/issues/", number_)), read()).Json();
  EXPECT_EQ(issue["comments"], 1);
  EXPECT_EQ(issue["updated_at"], created);

  EXPECT_EQ(sandbox().Send("POST", Comments(), write(), R"({"body":""})").status, 422);
  EXPECT_EQ(sandbox().Send("POST", Comments(), write(), R"({"text":"x"})").status, 422);
  EXPECT_EQ(sandbox().Send("POST", SandboxProcess::Demo("/issues/99999/comments"), write(),
                           R"({"body":"x"})")
                .status,
            404);
  EXPECT_EQ(sandbox().Get(SandboxProcess::Demo("/issues/99999/comments"), read()).status, 404);
}

TEST_F(SandboxIssueComments, ListIsOldestFirstInPagesWithALinkHeader) {
  for (int i = 0; i < 35; ++i) {
    ASSERT_EQ(sandbox().Send("POST", Comments(), write(),
                             nlohmann::json{{"body", absl::StrCat("comment ", i)}}.dump())
                  .status,
              201);
  }
  HttpReply first = sandbox().Get(Comments(), read());
  ASSERT_EQ(first.status, 200);
  ASSERT_EQ(first.Json().size(), 30u);  // GitHub's default page
  EXPECT_EQ(first.Json()[0]["body"], "comment 0");
  EXPECT_EQ(first.Json()[29]["body"], "comment 29");
  std::string link = first.Header("Link");
  EXPECT_THAT(link, HasSubstr(absl::StrCat("/issues/", number_, "/comments?page=2>; rel=\"next\"")));
  EXPECT_THAT(link, HasSubstr("rel=\"last\""));
  HttpReply second = sandbox().Get(Comments("?page=2"), read());
  ASSERT_EQ(second.Json().size(), 5u);
  EXPECT_EQ(second.Json()[4]["body"], "comment 34");
  EXPECT_THAT(second.Header("Link"), HasSubstr("rel=\"prev\""));
  EXPECT_THAT(second.Header("Link"), ::testing::Not(HasSubstr("rel=\"next\"")));
  HttpReply all = sandbox().Get(Comments("?per_page=100"), read());
  EXPECT_EQ(all.Json().size(), 35u);
  EXPECT_TRUE(all.Header("Link").empty());
  EXPECT_EQ(sandbox().Get(Comments("?per_page=500"), read()).Json().size(), 35u);  // capped at 100
  for (size_t i = 1; i < all.Json().size(); ++i) {
    EXPECT_LE(all.Json()[i - 1]["created_at"].get<std::string>(),
              all.Json()[i]["created_at"].get<std::string>());
    EXPECT_LT(all.Json()[i - 1]["id"].get<int64_t>(), all.Json()[i]["id"].get<int64_t>());
  }
}

TEST_F(SandboxIssueComments, ControlRouteAddsACommentAsAnyoneAtAnyTime) {
  nlohmann::json body = ControlBody("/hold widgets-runtime crashes on import on macOS");
  body["created_at"] = "2020-05-06T07:08:09Z";
  HttpReply reply = ControlComment(body);
  ASSERT_EQ(reply.status, 201) << reply.body;
  EXPECT_EQ(reply.Json()["user"]["login"], "maintainer-mia");
  EXPECT_EQ(reply.Json()["author_association"], "MEMBER");
  EXPECT_EQ(reply.Json()["created_at"], "2020-05-06T07:08:09Z");
  EXPECT_EQ(reply.Json()["issue_url"],
            sandbox().Url(SandboxProcess::Demo(absl::StrCat("/issues/", number_))));
  // Without created_at: now on the sandbox clock.
  ASSERT_EQ(sandbox().Send("POST", "/_control/clock", "", R"({"now":"2030-01-01T00:00:00Z"})").status,
            200);
  nlohmann::json later = ControlBody("/hold please wait for my PR");
  later["user"] = "drive-by-dan";
  later["author_association"] = "NONE";
  HttpReply now = ControlComment(later);
  ASSERT_EQ(now.status, 201) << now.body;
  EXPECT_GE(now.Json()["created_at"].get<std::string>(), "2030-01-01T00:00:00Z");  // ticks on
  EXPECT_LE(now.Json()["created_at"].get<std::string>(), "2030-01-01T00:01:00Z");
  // A backdated comment still lists before the ones made after it.
  ASSERT_EQ(sandbox().Send("POST", Comments(), write(), R"({"body":"posted"})").status, 201);
  body["created_at"] = "2021-01-01T00:00:00Z";
  ASSERT_EQ(ControlComment(body).status, 201);
  auto list = sandbox().Get(Comments(), read()).Json();
  ASSERT_EQ(list.size(), 4u);
  EXPECT_EQ(list[0]["created_at"], "2020-05-06T07:08:09Z");
  EXPECT_EQ(list[1]["created_at"], "2021-01-01T00:00:00Z");
  EXPECT_EQ(list[2]["author_association"], "NONE");
  EXPECT_EQ(list[3]["body"], "posted");
}

TEST_F(SandboxIssueComments, ControlRouteRefusesBadInputWith400NamingTheField) {
  struct Case {
    char const* field;
    nlohmann::json value;  // null: left out
    char const* message;
  } const cases[] = {
      {"author_association", "MAINTAINER", "'author_association' \"MAINTAINER\" is none of"},
      {"author_association", nullptr, "'author_association' must be a string"},
      {"user", "", "'user' is not a GitHub login"},
      {"user", "two words", "'user' is not a GitHub login"},
      {"body", 3, "'body' must be a string"},
      {"number", "1", "'number' must be an issue number"},
      {"number", 99999, "no issue #99999 in stablecut-demo/widgets"},
      {"repo", "gadgets", "no repository stablecut-demo/gadgets"},
      {"owner", nullptr, "'owner' and 'repo' must be strings"},
      {"created_at", "yesterday", "'created_at' is not an RFC 3339 time"},
  };
  for (auto const& c : cases) {
    nlohmann::json body = ControlBody("x");
    if (c.value.is_null()) {
      body.erase(c.field);
    } else {
      body[c.field] = c.value;
    }
    HttpReply reply = ControlComment(body);
    EXPECT_EQ(reply.status, 400) << body.dump();
    EXPECT_THAT(reply.Json().value("error", ""), HasSubstr(c.message)) << body.dump();
  }
  HttpReply not_json = sandbox().Send("POST", "/_control/comments", "", "[1");
  EXPECT_EQ(not_json.status, 400);
  EXPECT_THAT(not_json.Json().value("error", ""), HasSubstr("JSON object"));
  EXPECT_TRUE(sandbox().Get(Comments(), read()).Json().empty());
}

}  // namespace
}  // namespace stablecut::testing
