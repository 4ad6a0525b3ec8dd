// Tokens, User-Agent, rate-limit headers, ETags and pagination, seen through real clients.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/numbers.h"
#include "tests/tools/sandbox/sandbox_fixture.h"

namespace stablecut::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

using SandboxGitHub = SandboxTest;

TEST_F(SandboxGitHub, UnknownTokenIs401BadCredentials) {
  EXPECT_EQ(sandbox().CurlStatus(
                {"-H", "Authorization: Bearer ghp_nope", sandbox().Url(SandboxProcess::Demo(""))}),
            401);
  HttpReply reply = sandbox().Get(SandboxProcess::Demo(""), "ghp_nope");
  EXPECT_EQ(reply.Json().value("message", ""), "Bad credentials");
  EXPECT_TRUE(reply.Json().contains("documentation_url"));
}

TEST_F(SandboxGitHub, MissingUserAgentIs403) {
  EXPECT_EQ(sandbox().CurlStatus({"-A", "", sandbox().Url(SandboxProcess::Demo(""))}), 403);
  EXPECT_EQ(sandbox().CurlStatus({sandbox().Url(SandboxProcess::Demo(""))}), 200);
}

TEST_F(SandboxGitHub, ReadTokenOnWriteEndpointIs403AndAnonymousIs401) {
  std::string body = R"({"tag_name":"candidate-20990101.1"})";
  HttpReply reply = sandbox().Send("POST", SandboxProcess::Demo("/releases"), read(), body);
  EXPECT_EQ(reply.status, 403);
  EXPECT_EQ(reply.Json().value("message", ""), "Resource not accessible by personal access token");
  EXPECT_EQ(sandbox().CurlStatus(
                {"-X", "POST", "-d", body, sandbox().Url(SandboxProcess::Demo("/releases"))}),
            401);
}

TEST_F(SandboxGitHub, EveryResponseCarriesRateLimitHeadersThatCount) {
  HttpReply first = sandbox().Get(SandboxProcess::Demo(""), write());
  HttpReply second = sandbox().Get(SandboxProcess::Demo("/releases"), write());
  int64_t before = 0, after = 0;
  ASSERT_TRUE(absl::SimpleAtoi(first.Header("X-RateLimit-Remaining"), &before));
  ASSERT_TRUE(absl::SimpleAtoi(second.Header("X-RateLimit-Remaining"), &after));
  EXPECT_EQ(after, before - 1);
  EXPECT_EQ(second.Header("X-RateLimit-Limit"), "5000");
  EXPECT_EQ(second.Header("X-RateLimit-Resource"), "core");
  EXPECT_FALSE(second.Header("X-RateLimit-Reset").empty());
  EXPECT_FALSE(second.Header("X-RateLimit-Used").empty());
  HttpReply missing = sandbox().Get("/github/repos/nobody/nothing", write());
  EXPECT_EQ(missing.status, 404);
  EXPECT_FALSE(missing.Header("X-RateLimit-Remaining").empty());
}

TEST_F(SandboxGitHub, IfNoneMatchGives304WithoutCountingAgainstTheLimit) {
  HttpReply first = sandbox().Get(SandboxProcess::Demo("/releases/latest"), write());
  std::string etag = first.Header("ETag");
  ASSERT_THAT(etag, HasSubstr("W/\""));
  HttpReply cached =
      sandbox().Get(SandboxProcess::Demo("/releases/latest"), write(), {{"If-None-Match", etag}});
  EXPECT_EQ(cached.status, 304);
  EXPECT_EQ(cached.body, "");
  EXPECT_EQ(cached.Header("X-RateLimit-Remaining"), first.Header("X-RateLimit-Remaining"));
  EXPECT_EQ(sandbox().CurlStatus({"-H", "If-None-Match: " + etag, "-H",
                                  "Authorization: Bearer " + write(),
                                  sandbox().Url(SandboxProcess::Demo("/releases/latest"))}),
            304);
  EXPECT_EQ(sandbox().CurlStatus({"-H", "If-None-Match: W/\"stale\"", "-H",
                                  "Authorization: Bearer " + write(),
                                  sandbox().Url(SandboxProcess::Demo("/releases/latest"))}),
            200);
}

TEST_F(SandboxGitHub, PaginationLinksAreAbsoluteAndComplete) {
  HttpReply first = sandbox().Get(SandboxProcess::Demo("/releases?per_page=3"), write());
  ASSERT_EQ(first.status, 200);
  EXPECT_EQ(first.Json().size(), 3u);
  std::string base = sandbox().Url(SandboxProcess::Demo("/releases"));
  EXPECT_EQ(first.Header("Link"), "<" + base + "?page=2&per_page=3>; rel=\"next\", <" + base +
                                      "?page=3&per_page=3>; rel=\"last\"");
  HttpReply middle = sandbox().Get(SandboxProcess::Demo("/releases?per_page=3&page=2"), write());
  EXPECT_THAT(middle.Header("Link"), HasSubstr("rel=\"prev\""));
  EXPECT_THAT(middle.Header("Link"), HasSubstr("rel=\"first\""));
  HttpReply last = sandbox().Get(SandboxProcess::Demo("/releases?per_page=3&page=3"), write());
  EXPECT_EQ(last.Json().size(), 2u);  // 8 releases in the demo
  EXPECT_THAT(last.Header("Link"), Not(HasSubstr("rel=\"next\"")));
  HttpReply all = sandbox().Get(SandboxProcess::Demo("/releases?per_page=500"), write());
  EXPECT_EQ(all.Json().size(), 8u);
  EXPECT_EQ(all.Header("Link"), "");
}

TEST_F(SandboxGitHub, UnknownPathsAndTrailingSlashesAre404Json) {
  HttpReply reply = sandbox().Get(SandboxProcess::Demo("/releases/"), write());
  EXPECT_EQ(reply.status, 404);
  EXPECT_EQ(reply.Json().value("message", ""), "Not Found");
  EXPECT_EQ(sandbox().Get("/github/nothing/here", write()).status, 404);
}

TEST_F(SandboxGitHub, UnsupportedApiVersionIs400) {
  EXPECT_EQ(sandbox()
                .Get(SandboxProcess::Demo(""), write(), {{"X-GitHub-Api-Version", "2001-01-01"}})
                .status,
            400);
  EXPECT_EQ(sandbox()
                .Get(SandboxProcess::Demo(""), write(), {{"X-GitHub-Api-Version", "2022-11-28"}})
                .status,
            200);
}

}  // namespace
}  // namespace stablecut::testing
