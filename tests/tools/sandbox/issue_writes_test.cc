// Issue writes over real HTTP: POST /issues and PATCH /issues/{n} by the write token's user,
// in GitHub's shape, shown by the issue list and events, kept across a restart; refused to
// the read token (403) and to no token (401); reached by injected faults.
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "tests/tools/sandbox/sandbox_fixture.h"

namespace stablecut::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

class SandboxIssueWrites : public SandboxTest {
 protected:
  // Pins the sandbox clock, so that times in answers can be compared exactly.
  void PinClock(std::string const& now) {
    ASSERT_EQ(sandbox().Send("POST", "/_control/clock", "", nlohmann::json{{"now", now}}.dump())
                  .status,
              200);
  }

  HttpReply Create(nlohmann::json const& body, std::string const& token) {
    return sandbox().Send("POST", SandboxProcess::Demo("/issues"), token, body.dump());
  }
  HttpReply Edit(int64_t number, nlohmann::json const& body, std::string const& token) {
    return sandbox().Send("PATCH", SandboxProcess::Demo(absl::StrCat("/issues/", number)), token,
                          body.dump());
  }

  // The demo's highest issue number: a new issue comes after it.
  int64_t HighestNumber() {
    int64_t highest = 0;
    auto list = sandbox().Get(SandboxProcess::Demo("/issues?state=all&per_page=100"), read()).Json();
    for (auto const& issue : list) highest = std::max(highest, issue["number"].get<int64_t>());
    return highest;
  }
};

TEST_F(SandboxIssueWrites, CreateAnswers201InGitHubsShapeByTheWriteTokensUser) {
  PinClock("2030-01-02T03:04:05Z");
  int64_t expected_number = HighestNumber() + 1;
  HttpReply reply = Create({{"title", "Release proposal: candidate-20300102.1"},
                            {"body", "Proposed."},
                            {"labels", {"release-proposal", "P2"}},
                            {"state", "closed"}},  // ignored on create, as GitHub does
                           write());
  ASSERT_EQ(reply.status, 201) << reply.body;
  nlohmann::json issue = reply.Json();
  EXPECT_EQ(issue["number"], expected_number);
  EXPECT_EQ(issue["title"], "Release proposal: candidate-20300102.1");
  EXPECT_EQ(issue["body"], "Proposed.");
  EXPECT_EQ(issue["state"], "open");
  EXPECT_TRUE(issue["state_reason"].is_null());
  EXPECT_TRUE(issue["closed_at"].is_null());
  EXPECT_EQ(issue["comments"], 0);
  // The pinned clock goes on ticking (under the sanitizers the calls above can take a
  // second or more): the stamp is the sandbox's now, shortly after the pin.
  std::string const created = issue["created_at"].get<std::string>();
  EXPECT_GE(created, "2030-01-02T03:04:05Z");
  EXPECT_LE(created, "2030-01-02T03:05:05Z");
  EXPECT_EQ(issue["updated_at"], created);
  EXPECT_EQ(issue["user"]["login"], "stablecut-bot");
  EXPECT_EQ(issue["user"]["type"], "User");
  EXPECT_EQ(issue["author_association"], "MEMBER");
  EXPECT_EQ(issue["labels"][0]["name"], "release-proposal");
  EXPECT_EQ(issue["labels"][1]["name"], "P2");
  EXPECT_TRUE(issue["labels"][0]["id"].is_number_integer());
  std::string api = sandbox().Url(SandboxProcess::Demo(absl::StrCat("/issues/", expected_number)));
  EXPECT_EQ(issue["url"], api);
  EXPECT_EQ(reply.Header("Location"), api);
  EXPECT_THAT(issue["html_url"].get<std::string>(),
              HasSubstr(absl::StrCat("/stablecut-demo/widgets/issues/", expected_number)));

  // The list and the single-issue route show it, with the same user and URL.
  auto listed = sandbox().Get(SandboxProcess::Demo("/issues?labels=release-proposal"), read());
  ASSERT_EQ(listed.status, 200);
  ASSERT_EQ(listed.Json().size(), 1u);
  EXPECT_EQ(listed.Json()[0]["html_url"], issue["html_url"]);
  EXPECT_EQ(listed.Json()[0]["user"]["login"], "stablecut-bot");
  // A second label use keeps its id: the label was created once.
  HttpReply second = Create({{"title", "Another"}, {"labels", {"release-proposal"}}}, write());
  ASSERT_EQ(second.status, 201);
  EXPECT_EQ(second.Json()["number"], expected_number + 1);
  EXPECT_EQ(second.Json()["labels"][0]["id"], issue["labels"][0]["id"]);
}

TEST_F(SandboxIssueWrites, CreateWithoutATitleIs422) {
  for (nlohmann::json body : {nlohmann::json{{"body", "no title"}},
                              nlohmann::json{{"title", ""}}}) {
    HttpReply reply = Create(body, write());
    EXPECT_EQ(reply.status, 422) << body.dump();
    EXPECT_EQ(reply.Json()["errors"][0]["field"], "title");
    EXPECT_EQ(reply.Json()["errors"][0]["code"], "missing_field");
  }
  EXPECT_EQ(Create({{"title", 7}}, write()).status, 422);
  EXPECT_EQ(Create({{"title", "x"}, {"labels", "P0"}}, write()).status, 422);
  EXPECT_EQ(sandbox().Send("POST", SandboxProcess::Demo("/issues"), write(), "{not json").status,
            400);
}

TEST_F(SandboxIssueWrites, EditClosesWithAReasonAndReopens) {
  PinClock("2030-01-02T03:04:05Z");
  int64_t number = Create({{"title", "Proposal"}, {"labels", {"a", "b"}}}, write()).Json()["number"];
  PinClock("2030-01-03T00:00:00Z");
  HttpReply closed = Edit(number,
                          {{"state", "closed"}, {"state_reason", "not_planned"},
                           {"title", "Proposal (withdrawn)"}, {"labels", nlohmann::json::array()}},
                          write());
  ASSERT_EQ(closed.status, 200) << closed.body;
  EXPECT_EQ(closed.Json()["state"], "closed");
  EXPECT_EQ(closed.Json()["state_reason"], "not_planned");
  std::string const closed_at = closed.Json()["closed_at"].get<std::string>();
  EXPECT_GE(closed_at, "2030-01-03T00:00:00Z");  // the set clock ticks on
  EXPECT_LE(closed_at, "2030-01-03T00:01:00Z");
  EXPECT_EQ(closed.Json()["updated_at"], closed_at);
  EXPECT_EQ(closed.Json()["title"], "Proposal (withdrawn)");
  EXPECT_TRUE(closed.Json()["labels"].empty());
  EXPECT_EQ(closed.Json()["body"], nullptr);  // unset fields are left as they are

  HttpReply reopened = Edit(number, {{"state", "open"}}, write());
  ASSERT_EQ(reopened.status, 200);
  EXPECT_EQ(reopened.Json()["state_reason"], "reopened");
  EXPECT_TRUE(reopened.Json()["closed_at"].is_null());
  HttpReply completed = Edit(number, {{"state", "closed"}, {"state_reason", nullptr}}, write());
  EXPECT_EQ(completed.Json()["state_reason"], "completed");

  auto events =
      sandbox().Get(SandboxProcess::Demo(absl::StrCat("/issues/", number, "/events")), read()).Json();
  std::vector<std::string> kinds;
  for (auto const& event : events) kinds.push_back(event["event"].get<std::string>());
  EXPECT_THAT(kinds, ElementsAre("closed", "reopened", "closed"));
  EXPECT_EQ(events[0]["actor"]["login"], "stablecut-bot");
  EXPECT_TRUE(events[0]["commit_id"].is_null());
}

TEST_F(SandboxIssueWrites, EditRefusesABadStateAndAnUnknownIssue) {
  int64_t number = Create({{"title", "Proposal"}}, write()).Json()["number"];
  HttpReply bad_state = Edit(number, {{"state", "merged"}}, write());
  EXPECT_EQ(bad_state.status, 422);
  EXPECT_EQ(bad_state.Json()["errors"][0]["field"], "state");
  EXPECT_EQ(Edit(number, {{"state", "closed"}, {"state_reason", "bored"}}, write()).status, 422);
  EXPECT_EQ(Edit(number, {{"title", ""}}, write()).status, 422);
  EXPECT_EQ(Edit(99999, {{"state", "closed"}}, write()).status, 404);
  // Nothing was changed by the refused edits.
  auto issue =
      sandbox().Get(SandboxProcess::Demo(absl::StrCat("/issues/", number)), read()).Json();
  EXPECT_EQ(issue["state"], "open");
  EXPECT_EQ(issue["title"], "Proposal");
}

TEST_F(SandboxIssueWrites, TheReadTokenIsRefused403AndNoToken401) {
  int64_t number = Create({{"title", "Proposal"}}, write()).Json()["number"];
  std::string comments = SandboxProcess::Demo(absl::StrCat("/issues/", number, "/comments"));
  HttpReply reads[] = {Create({{"title", "x"}}, read()), Edit(number, {{"title", "y"}}, read()),
                       sandbox().Send("POST", comments, read(), R"({"body":"z"})")};
  for (HttpReply const& reply : reads) {
    EXPECT_EQ(reply.status, 403) << reply.body;
    EXPECT_EQ(reply.Json()["message"], "Resource not accessible by personal access token");
    EXPECT_EQ(reply.Header("X-Accepted-GitHub-Permissions"), "issues=write");
  }
  HttpReply anonymous[] = {Create({{"title", "x"}}, ""), Edit(number, {{"title", "y"}}, ""),
                           sandbox().Send("POST", comments, "", R"({"body":"z"})")};
  for (HttpReply const& reply : anonymous) {
    EXPECT_EQ(reply.status, 401) << reply.body;
    EXPECT_EQ(reply.Json()["message"], "Requires authentication");
  }
  // Reading needs no write token.
  EXPECT_EQ(sandbox().Get(comments, read()).status, 200);
  EXPECT_EQ(sandbox().Get(SandboxProcess::Demo(absl::StrCat("/issues/", number)), read()).Json()["title"],
            "Proposal");
}

TEST_F(SandboxIssueWrites, InjectedFaultsReachTheNewRoutes) {
  ASSERT_THAT(sandbox().InjectFault(
                  R"({"method":"POST","path_regex":"/issues$","status":403,"count":1})"),
              IsOk());
  EXPECT_EQ(Create({{"title", "x"}}, write()).status, 403);
  EXPECT_EQ(Create({{"title", "x"}}, write()).status, 201);
  ASSERT_THAT(sandbox().InjectFault(
                  R"({"method":"GET","path_regex":"/issues/[0-9]+/comments$","status":503,"count":1})"),
              IsOk());
  EXPECT_EQ(sandbox().Get(SandboxProcess::Demo("/issues/1/comments"), read()).status, 503);
  EXPECT_EQ(sandbox().Get(SandboxProcess::Demo("/issues/1/comments"), read()).status, 200);
}

TEST_F(SandboxIssueWrites, IssuesCommentsAndLabelsAreKeptAcrossARestartAndDumped) {
  int64_t number =
      Create({{"title", "Kept"}, {"labels", {"release-proposal"}}}, write()).Json()["number"];
  ASSERT_EQ(sandbox()
                .Send("POST", SandboxProcess::Demo(absl::StrCat("/issues/", number, "/comments")),
                      write(), R"({"body":"/hold not yet"})")
                .status,
            201);
  ASSERT_THAT(sandbox().Restart(), IsOk());
  auto issue = sandbox().Get(SandboxProcess::Demo(absl::StrCat("/issues/", number)), read()).Json();
  EXPECT_EQ(issue["title"], "Kept");
  EXPECT_EQ(issue["comments"], 1);
  EXPECT_EQ(issue["user"]["login"], "stablecut-bot");
  auto dump = sandbox().DumpState();
  ASSERT_THAT(dump, IsOk());
  nlohmann::json state = nlohmann::json::parse(*dump);
  nlohmann::json widgets;
  for (auto const& repo : state["github"]["repos"]) {
    if (repo["name"] == "widgets") widgets = repo;
  }
  ASSERT_EQ(widgets["issue_comments"].size(), 1u);
  EXPECT_EQ(widgets["issue_comments"][0]["body"], "/hold not yet");
  EXPECT_EQ(widgets["issue_comments"][0]["issue_number"], number);
  EXPECT_TRUE(widgets["labels"].contains("release-proposal"));
}

}  // namespace
}  // namespace stablecut::testing
