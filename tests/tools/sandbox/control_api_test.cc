// The control API: injected faults, the clock, the state dump and reseeding.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/time/clock.h"
#include "tests/tools/sandbox/sandbox_fixture.h"

namespace stablecut::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

using SandboxControl = SandboxTest;

TEST_F(SandboxControl, HealthAnswers) {
  EXPECT_EQ(sandbox().CurlStatus({sandbox().Url("/_control/health")}), 200);
}

TEST_F(SandboxControl, FaultAnswers503WithRetryAfterForCountRequestsThenExpires) {
  HttpReply armed = sandbox().Send(
      "POST", "/_control/faults", "",
      R"({"method":"GET","path_regex":"/releases$","status":503,"retry_after_seconds":1,"count":2})");
  ASSERT_EQ(armed.status, 201) << armed.body;
  for (int i = 0; i < 2; ++i) {
    HttpReply reply = sandbox().Get(SandboxProcess::Demo("/releases"), write());
    EXPECT_EQ(reply.status, 503);
    EXPECT_EQ(reply.Header("Retry-After"), "1");
  }
  EXPECT_EQ(sandbox().Get(SandboxProcess::Demo("/releases"), write()).status, 200);
  // Another method does not match.
  EXPECT_EQ(sandbox().Get(SandboxProcess::Demo(""), write()).status, 200);
}

TEST_F(SandboxControl, RateLimitFaultSetsRemainingZeroAndReset) {
  ASSERT_EQ(sandbox()
                .Send("POST", "/_control/faults", "",
                      R"({"method":"*","path_regex":"/widgets$","status":429,)"
                      R"("ratelimit_reset_in_seconds":60})")
                .status,
            201);
  HttpReply limited = sandbox().Get(SandboxProcess::Demo(""), write());
  EXPECT_EQ(limited.status, 429);
  EXPECT_EQ(limited.Header("X-RateLimit-Remaining"), "0");
  EXPECT_FALSE(limited.Header("X-RateLimit-Reset").empty());
  EXPECT_THAT(limited.Json()["message"].get<std::string>(), HasSubstr("rate limit"));
  EXPECT_EQ(sandbox().Get(SandboxProcess::Demo(""), write()).status, 200);
}

TEST_F(SandboxControl, DropAfterBytesCutsTheResponse) {
  ASSERT_EQ(sandbox()
                .Send("POST", "/_control/faults", "",
                      R"({"path_regex":"/releases$","drop_after_bytes":10})")
                .status,
            201);
  // curl exit 18: "transfer closed with outstanding read data remaining".
  auto result = RunCommand(
      {STABLECUT_CURL_BINARY, "-s", "-o", "/dev/null", "-H", "Authorization: Bearer " + write(),
       sandbox().Url(SandboxProcess::Demo("/releases"))},
      dir_.path() + "/curl.log");
  ASSERT_THAT(result, IsOk());
  EXPECT_EQ(result->exit_code, 18);
  EXPECT_EQ(sandbox().Get(SandboxProcess::Demo("/releases"), write()).status, 200);
}

// A connection lost while the client still sends: no answer, nothing handled, the log says
// status 0, and the next request is served.
TEST_F(SandboxControl, DropRequestAfterBytesClosesTheConnectionMidBodyUnanswered) {
  ASSERT_EQ(sandbox()
                .Send("POST", "/_control/faults", "",
                      R"({"method":"POST","path_regex":"^/pypi/legacy/$","drop_request_after_bytes":65536})")
                .status,
            201);
  std::string body_file = dir_.WriteFile("body.bin", std::string(8 << 20, 'x'));
  auto result = RunCommand({STABLECUT_CURL_BINARY, "-s", "-o", "/dev/null", "-w", "%{http_code}",
                            "--data-binary", "@" + body_file, sandbox().Url("/pypi/legacy/")},
                           dir_.path() + "/curl.log");
  ASSERT_THAT(result, IsOk());
  // 52 empty reply, 55 send failure, 56 receive failure: never an HTTP answer.
  EXPECT_THAT(result->exit_code, ::testing::AnyOf(52, 55, 56)) << result->output;
  nlohmann::json dump = sandbox().Get("/_control/state", "").Json();
  ASSERT_EQ(dump["requests"].size(), 1u) << dump["requests"].dump();
  EXPECT_EQ(dump["requests"][0]["status"], 0);
  EXPECT_TRUE(dump["pypi"]["uploads"].empty()) << dump["pypi"]["uploads"].dump();
  EXPECT_EQ(sandbox().Get(SandboxProcess::Demo(""), write()).status, 200);

  HttpReply both = sandbox().Send(
      "POST", "/_control/faults", "",
      R"({"path_regex":"x","status":503,"drop_request_after_bytes":1})");
  EXPECT_EQ(both.status, 400);
  EXPECT_THAT(both.body, HasSubstr("drop_request_after_bytes"));
}

TEST_F(SandboxControl, LatencyDelaysTheAnswer) {
  ASSERT_EQ(
      sandbox()
          .Send("POST", "/_control/faults", "", R"({"path_regex":"/widgets$","latency_ms":300})")
          .status,
      201);
  absl::Time start = absl::Now();
  EXPECT_EQ(sandbox().Get(SandboxProcess::Demo(""), write()).status, 200);
  EXPECT_GE(absl::Now() - start, absl::Milliseconds(300));
}

// The request log tells a client that waited for its answer from one that hung up during the
// delay; the sandbox stops delaying for the one that left.
TEST_F(SandboxControl, LatencyRecordsAClientThatHungUpAndStopsWaitingForIt) {
  ASSERT_EQ(sandbox()
                .Send("POST", "/_control/faults", "",
                      R"({"path_regex":"/widgets$","latency_ms":300,"count":1})")
                .status,
            201);
  int64_t before_ms = absl::ToUnixMillis(absl::Now());
  EXPECT_EQ(sandbox().Get(SandboxProcess::Demo(""), write()).status, 200);
  ASSERT_EQ(sandbox()
                .Send("POST", "/_control/faults", "",
                      R"({"path_regex":"/widgets$","latency_ms":10000,"count":1})")
                .status,
            201);
  {
    httplib::Client impatient("127.0.0.1", sandbox().port());
    impatient.set_read_timeout(0, 300000);  // gives up (and closes) after 0.3 s
    auto result = impatient.Get(SandboxProcess::Demo(""), {{"User-Agent", "impatient"}});
    EXPECT_FALSE(result);
  }
  absl::Time hung_up = absl::Now();
  nlohmann::json requests;
  int waiting = -1;
  // Logged once the sandbox notices, long before the 10 s delay would have ended.
  while (absl::Now() - hung_up < absl::Seconds(3)) {
    nlohmann::json dump = sandbox().Get("/_control/state", "").Json();
    requests = dump["requests"];
    waiting = dump["delaying"].get<int>();
    if (requests.size() >= 2) break;
    absl::SleepFor(absl::Milliseconds(20));
  }
  ASSERT_EQ(requests.size(), 2u) << requests.dump();
  EXPECT_LT(absl::Now() - hung_up, absl::Seconds(2));
  EXPECT_EQ(waiting, 0);
  EXPECT_EQ(requests[0]["client_closed"], false);
  EXPECT_EQ(requests[1]["client_closed"], true);
  for (auto const& request : requests) {
    EXPECT_GE(request["received_unix_ms"].get<int64_t>(), before_ms);
    EXPECT_LE(request["received_unix_ms"].get<int64_t>(), absl::ToUnixMillis(absl::Now()));
  }
  EXPECT_LT(requests[0]["received_unix_ms"].get<int64_t>(),
            requests[1]["received_unix_ms"].get<int64_t>());
}

TEST_F(SandboxControl, DeleteFaultsDisarmsThem) {
  ASSERT_EQ(
      sandbox()
          .Send("POST", "/_control/faults", "", R"({"path_regex":".*","status":500,"count":5})")
          .status,
      201);
  EXPECT_EQ(sandbox().Send("DELETE", "/_control/faults", "").status, 204);
  EXPECT_EQ(sandbox().Get(SandboxProcess::Demo(""), write()).status, 200);
  EXPECT_EQ(sandbox().Send("POST", "/_control/faults", "", R"({"path_regex":"("})").status, 400);
}

TEST_F(SandboxControl, ClockMovesNowForNewObjects) {
  HttpReply moved =
      sandbox().Send("POST", "/_control/clock", "", R"({"now":"2031-05-01T10:00:00Z"})");
  ASSERT_EQ(moved.status, 200) << moved.body;
  EXPECT_THAT(moved.Json()["now"].get<std::string>(), HasSubstr("2031-05-01T10:00"));
  HttpReply created =
      sandbox().Send("POST", SandboxProcess::Demo("/releases"), write(),
                     R"({"tag_name":"t1","prerelease":true,"make_latest":"false"})");
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_THAT(created.Json()["published_at"].get<std::string>(), HasSubstr("2031-05-01T10:0"));
  HttpReply advanced =
      sandbox().Send("POST", "/_control/clock", "", R"({"advance_seconds":86400})");
  EXPECT_THAT(advanced.Json()["now"].get<std::string>(), HasSubstr("2031-05-02T10:0"));
}

TEST_F(SandboxControl, StateDumpRecordsRequestsButNoToken) {
  sandbox().Get(SandboxProcess::Demo("/releases?per_page=2"), write());
  sandbox().Get(SandboxProcess::Demo(""), "");
  HttpReply dump = sandbox().Get("/_control/state", "");
  ASSERT_EQ(dump.status, 200);
  EXPECT_THAT(dump.body, Not(HasSubstr(write())));
  EXPECT_THAT(dump.body, Not(HasSubstr(read())));
  nlohmann::json requests = dump.Json()["requests"];
  ASSERT_GE(requests.size(), 2u);
  nlohmann::json first = requests[requests.size() - 2];
  EXPECT_EQ(first["method"], "GET");
  EXPECT_EQ(first["path"], SandboxProcess::Demo("/releases?per_page=2"));
  EXPECT_EQ(first["status"], 200);
  EXPECT_EQ(first["authorization_present"], true);
  EXPECT_EQ(requests.back()["authorization_present"], false);
  EXPECT_TRUE(dump.Json()["github"]["repos"].is_array());
}

TEST_F(SandboxControl, TheRequestLogNamesWhichCredentialEachRequestCarried) {
  sandbox().Get(SandboxProcess::Demo(""), write());
  sandbox().Get(SandboxProcess::Demo(""), read());
  sandbox().Get(SandboxProcess::Demo(""), "");
  sandbox().Get(SandboxProcess::Demo(""), "not-a-sandbox-token");
  std::string const pypi = sandbox().pypi_token();
  sandbox().Get("/pypi/simple/", "", {{"Authorization", "Basic " + absl::Base64Escape("__token__:" + pypi)}});
  sandbox().Get("/pypi/simple/", "", {{"Authorization", "Basic " + absl::Base64Escape("__token__:wrong")}});
  HttpReply dump = sandbox().Get("/_control/state", "");
  ASSERT_EQ(dump.status, 200);
  EXPECT_THAT(dump.body, Not(HasSubstr(pypi)));
  nlohmann::json requests = dump.Json()["requests"];
  ASSERT_GE(requests.size(), 6u);
  std::vector<std::string> credentials;
  for (std::size_t i = requests.size() - 6; i < requests.size(); ++i) {
    credentials.push_back(requests[i]["credential"].get<std::string>());
  }
  EXPECT_THAT(credentials, ::testing::ElementsAre("github-write", "github-read", "", "other",
                                                  "pypi-upload", "other"));
}

TEST_F(SandboxControl, ReseedWipesChanges) {
  std::string head =
      sandbox().Get(SandboxProcess::Demo("/branches/main"), write()).Json()["commit"]["sha"];
  ASSERT_EQ(sandbox()
                .Send("POST", SandboxProcess::Demo("/git/refs"), write(),
                      nlohmann::json{{"ref", "refs/tags/extra"}, {"sha", head}}.dump())
                .status,
            201);
  ASSERT_EQ(sandbox().Send("POST", "/_control/seed", "", R"({"name":"demo"})").status, 200);
  EXPECT_EQ(sandbox().Get(SandboxProcess::Demo("/git/ref/tags/extra"), write()).status, 404);
  EXPECT_EQ(sandbox().Get(SandboxProcess::Demo("/releases/latest"), write()).status, 200);
  ASSERT_EQ(sandbox().Send("POST", "/_control/seed", "", R"({"name":"none"})").status, 200);
  EXPECT_EQ(sandbox().Get(SandboxProcess::Demo(""), write()).status, 404);
  EXPECT_EQ(sandbox().Send("POST", "/_control/seed", "", R"({"name":"bogus"})").status, 400);
}

}  // namespace
}  // namespace stablecut::testing
