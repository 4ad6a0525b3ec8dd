// Writes (idempotent = false) are sent again only when the answer says nothing was done
// (429, rate limits, 502/503/504) or nothing was sent (could not connect); never after a
// failure that may have reached the server.

#include <atomic>
#include <functional>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "lib/http/client.h"
#include "lib/http/file_body.h"
#include "tests/lib/http/client_fixtures.h"
#include "tests/lib/http/raw_server.h"
#include "tests/testing/loopback_server.h"
#include "tests/testing/status_matchers.h"

namespace stablecut::http {
namespace {

using ::stablecut::testing::IsOk;
using ::stablecut::testing::LoopbackServer;
using ::stablecut::testing::StatusIs;
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

// Answers the first `refusals` POSTs with `refuse`, then 201.
struct RefusingThenCreating {
  LoopbackServer server;
  std::atomic<int> calls{0};
  std::atomic<int> bodies_complete{0};

  int Start(int refusals, std::function<void(httplib::Response&)> refuse) {
    server.server().Post("/create", [this, refusals, refuse](httplib::Request const& req,
                                                            httplib::Response& res) {
      if (req.body == "{\"tag_name\":\"v1\"}") ++bodies_complete;
      if (++calls <= refusals) {
        refuse(res);
        return;
      }
      res.status = 201;
      res.set_content("{\"id\":1}", "application/json");
    });
    return server.Start();
  }
};

TEST(HttpWriteRetry, PostAnsweredServiceUnavailableIsSentAgain) {
  RefusingThenCreating server;
  int port = server.Start(1, [](httplib::Response& res) { res.status = 503; });
  RecordingSleeper sleeper;
  Client client(FastOptions(sleeper));
  auto response = client.Send(Post(port, "/create"));
  ASSERT_THAT(response, IsOk());
  EXPECT_EQ(response->status, 201);
  EXPECT_EQ(response->attempts, 2);
  EXPECT_EQ(server.calls.load(), 2);
  EXPECT_EQ(server.bodies_complete.load(), 2);
  EXPECT_EQ(sleeper.delays.size(), 1u);
}

TEST(HttpWriteRetry, PostAnsweredTooManyRequestsWaitsForRetryAfter) {
  RefusingThenCreating server;
  int port = server.Start(1, [](httplib::Response& res) {
    res.status = 429;
    res.set_header("Retry-After", "1");
  });
  RecordingSleeper sleeper;
  Client client(FastOptions(sleeper));
  auto response = client.Send(Post(port, "/create"));
  ASSERT_THAT(response, IsOk());
  EXPECT_EQ(response->status, 201);
  EXPECT_EQ(server.calls.load(), 2);
  EXPECT_THAT(sleeper.delays, ElementsAre(absl::Seconds(1)));
}

TEST(HttpWriteRetry, PostAnsweredSecondaryRateLimitIsSentAgainAfterAMinute) {
  RefusingThenCreating server;
  int port = server.Start(1, [](httplib::Response& res) {
    res.status = 403;
    res.set_content(
        "{\"message\":\"You have exceeded a secondary rate limit. Please wait a few minutes "
        "before you try again.\"}",
        "application/json");
  });
  RecordingSleeper sleeper;
  ClientOptions options = FastOptions(sleeper);
  // The default 60 s max_elapsed has no room for a one-minute wait (reads alike).
  options.retry.max_elapsed = absl::Minutes(5);
  Client client(options);
  auto response = client.Send(Post(port, "/create"));
  ASSERT_THAT(response, IsOk());
  EXPECT_EQ(response->status, 201);
  EXPECT_EQ(server.calls.load(), 2);
  EXPECT_THAT(sleeper.delays, ElementsAre(absl::Minutes(1)));  // GitHub's advice, no Retry-After
}

TEST(HttpWriteRetry, StreamedPostIsRewoundForTheRetry) {
  LoopbackServer server;
  std::atomic<int> calls{0};
  std::vector<std::string> bodies;
  server.server().Post("/upload", [&](httplib::Request const& req, httplib::Response& res) {
    bodies.push_back(req.body);
    res.status = ++calls == 1 ? 502 : 201;
  });
  int port = server.Start();
  RecordingSleeper sleeper;
  Client client(FastOptions(sleeper));
  StringSource source(std::string(100 * 1024, 'w'));
  Request request = Post(port, "/upload");
  request.body_source = &source;
  auto response = client.Send(request);
  ASSERT_THAT(response, IsOk());
  EXPECT_EQ(response->status, 201);
  ASSERT_EQ(bodies.size(), 2u);
  EXPECT_EQ(bodies[0].size(), 100u * 1024);
  EXPECT_EQ(bodies[1], bodies[0]);  // the whole body again, not what was left of it
}

TEST(HttpWriteRetry, PostDroppedAfterTheServerReadItIsNotSentAgain) {
  std::atomic<int> requests{0};
  RawServer server([&](int fd) {
    if (RawServer::ReadRequest(fd).empty()) return;
    ++requests;  // read the whole request, then hang up without a word
  });
  int port = server.Start();
  RecordingSleeper sleeper;
  Client client(FastOptions(sleeper));
  auto response = client.Send(Post(port, "/create"));
  EXPECT_THAT(response,
              StatusIs(absl::StatusCode::kUnavailable,
                       AllOf(HasSubstr("GitHub unavailable after 1 attempt"),
                             HasSubstr("may have reached GitHub"), Not(HasSubstr(kToken)))));
  EXPECT_EQ(requests.load(), 1);
  EXPECT_TRUE(sleeper.delays.empty());
}

TEST(HttpWriteRetry, PostToAPortNobodyListensOnIsRetried) {
  int port = 0;
  {
    LoopbackServer closed;
    port = closed.Start();
  }  // refused: nothing was sent, so sending again is harmless
  RecordingSleeper sleeper;
  ClientOptions options = FastOptions(sleeper);
  options.retry.max_attempts = 3;
  Client client(options);
  EXPECT_THAT(client.Send(Post(port, "/create")),
              StatusIs(absl::StatusCode::kUnavailable,
                       AllOf(HasSubstr("after 3 attempts"), HasSubstr("try again later"),
                             Not(HasSubstr(kToken)))));
  EXPECT_EQ(sleeper.delays.size(), 2u);
}

TEST(HttpWriteRetry, PostAnsweredClientErrorIsTheAnswer) {
  LoopbackServer server;
  std::atomic<int> calls{0};
  server.server().Post(R"(/status/(\d+))", [&](httplib::Request const& req,
                                               httplib::Response& res) {
    ++calls;
    res.status = std::stoi(req.matches[1]);
    res.set_content("{\"message\":\"Validation Failed\"}", "application/json");
  });
  int port = server.Start();
  RecordingSleeper sleeper;
  Client client(FastOptions(sleeper));
  for (int status : {400, 403, 422}) {
    SCOPED_TRACE(status);
    calls = 0;
    auto response = client.Send(Post(port, absl::StrCat("/status/", status)));
    ASSERT_THAT(response, IsOk());
    EXPECT_EQ(response->status, status);
    EXPECT_EQ(response->attempts, 1);
    EXPECT_EQ(calls.load(), 1);
  }
  EXPECT_TRUE(sleeper.delays.empty());
}

TEST(HttpWriteRetry, RateLimitOutlastingTheRetriesIsUnavailableSayingWhenToTryAgain) {
  LoopbackServer server;
  std::atomic<int> calls{0};
  server.server().Post("/create", [&](httplib::Request const&, httplib::Response& res) {
    ++calls;
    res.status = 403;
    res.set_header("Retry-After", "60");
    res.set_content("{\"message\":\"You have exceeded a secondary rate limit.\"}",
                    "application/json");
  });
  int port = server.Start();
  RecordingSleeper sleeper;
  ClientOptions options = FastOptions(sleeper);
  options.retry.max_attempts = 3;
  absl::Time now = absl::FromCivil(absl::CivilSecond(2026, 12, 1, 17, 4, 0), absl::UTCTimeZone());
  options.clock = [&] { return now; };
  Client client(options);
  auto response = client.Send(Post(port, "/create"));
  EXPECT_THAT(response,
              StatusIs(absl::StatusCode::kUnavailable,
                       AllOf(HasSubstr("GitHub POST create: rate limited (secondary rate limit, "
                                       "403) after 3 attempts"),
                             HasSubstr("try again after 2026-12-01 17:05:00 UTC (in 60s)"),
                             Not(HasSubstr(kToken)))));
  EXPECT_EQ(calls.load(), 3);
  EXPECT_THAT(sleeper.delays, ElementsAre(absl::Seconds(60), absl::Seconds(60)));
}

TEST(HttpWriteRetry, OutageOutlastingTheRetriesIsUnavailableTryAgainLater) {
  LoopbackServer server;
  std::atomic<int> calls{0};
  server.server().Post("/create", [&](httplib::Request const&, httplib::Response& res) {
    ++calls;
    res.status = 503;
  });
  int port = server.Start();
  RecordingSleeper sleeper;
  Client client(FastOptions(sleeper));
  auto response = client.Send(Post(port, "/create"));
  EXPECT_THAT(response, StatusIs(absl::StatusCode::kUnavailable,
                                 AllOf(HasSubstr("GitHub unavailable after 5 attempts in "),
                                       HasSubstr("(503) on POST create"),
                                       HasSubstr("; try again later"), Not(HasSubstr(kToken)))));
  EXPECT_EQ(calls.load(), 5);
}

}  // namespace
}  // namespace stablecut::http
