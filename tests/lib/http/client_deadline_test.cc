// http::Client and the caller's context: deadlines and cancellation end attempts in flight,
// keep new ones from starting, and cut retry waits short.

#include <atomic>
#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/time/clock.h"
#include "lib/http/client.h"
#include "tests/lib/http/client_fixtures.h"
#include "tests/lib/http/raw_server.h"
#include "tests/testing/loopback_server.h"
#include "tests/testing/status_matchers.h"

namespace stablecut::http {
namespace {

using ::stablecut::testing::LoopbackServer;
using ::stablecut::testing::StatusIs;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;

Request WithToken(Request request) {
  request.auth_scheme = "Bearer";
  request.credential = Secret(kToken);
  return request;
}

TEST(HttpClientDeadline, ServerSittingOnTheRequestPastTheDeadlineIsCutOff) {
  Flag hung_up;
  RawServer server([&](int fd) {
    if (RawServer::ReadRequest(fd).empty()) return;
    if (RawServer::WaitForHangUp(fd, absl::Seconds(5))) {
      hung_up.Raise();
      return;
    }
    RawServer::SendAll(fd, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
  });
  int port = server.Start();
  Client client;
  Request request = WithToken(Get(port, "/slow"));
  request.context = CallContext::FromDeadline(absl::Now() + absl::Milliseconds(1500));
  absl::Time start = absl::Now();
  auto response = client.Send(request);
  absl::Duration elapsed = absl::Now() - start;
  EXPECT_THAT(response,
              StatusIs(absl::StatusCode::kDeadlineExceeded,
                       AllOf(HasSubstr("GitHub GET test: deadline exceeded after"),
                             HasSubstr("(1 attempt; last: no answer before the deadline)"),
                             Not(HasSubstr(kToken)))));
  EXPECT_GE(elapsed, absl::Milliseconds(1400));
  EXPECT_LT(elapsed, absl::Seconds(4));
  EXPECT_TRUE(hung_up.WaitFor(absl::Seconds(2))) << "the server never saw the connection close";
}

// gRPC cancels a server call when its deadline passes: the cut-off is still a deadline
// (DEADLINE_EXCEEDED), not the caller cancelling.
TEST(HttpClientDeadline, ADeadlineThatAlsoCancelsIsReportedAsTheDeadline) {
  RawServer server([&](int fd) {
    if (RawServer::ReadRequest(fd).empty()) return;
    RawServer::WaitForHangUp(fd, absl::Seconds(5));
  });
  int port = server.Start();
  Client client;
  Request request = Get(port, "/slow");
  absl::Time deadline = absl::Now() + absl::Milliseconds(1200);
  request.context =
      CallContext::FromDeadline(deadline, [deadline] { return absl::Now() >= deadline; });
  EXPECT_THAT(client.Send(request),
              StatusIs(absl::StatusCode::kDeadlineExceeded,
                       HasSubstr("(1 attempt; last: no answer before the deadline)")));
  request.context =
      CallContext::FromDeadline(absl::Now() - absl::Seconds(1), [] { return true; });
  EXPECT_THAT(client.Send(request),
              StatusIs(absl::StatusCode::kDeadlineExceeded, HasSubstr("(0 attempts)")));
}

TEST(HttpClientDeadline, StreamWithoutAnAttemptTimeoutStillEndsAtTheDeadline) {
  // attempt_timeout 0 is how streams ask for no whole-attempt limit: the deadline still caps it.
  Flag hung_up;
  RawServer server([&](int fd) {
    if (RawServer::ReadRequest(fd).empty()) return;
    if (RawServer::WaitForHangUp(fd, absl::Seconds(5))) hung_up.Raise();
  });
  int port = server.Start();
  Client client;
  Request request = Get(port, "/stream");
  request.attempt_timeout = absl::ZeroDuration();
  request.context = CallContext::FromDeadline(absl::Now() + absl::Seconds(1));
  absl::Time start = absl::Now();
  EXPECT_THAT(client.Send(request), StatusIs(absl::StatusCode::kDeadlineExceeded,
                                             HasSubstr("deadline exceeded")));
  EXPECT_LT(absl::Now() - start, absl::Seconds(3));
  EXPECT_TRUE(hung_up.WaitFor(absl::Seconds(2)));
}

TEST(HttpClientDeadline, CancellationCutsOffASlowTransferFromAnotherThread) {
  Flag hung_up;
  std::atomic<int> chunks_sent{0};
  RawServer server([&](int fd) {
    if (RawServer::ReadRequest(fd).empty()) return;
    if (!RawServer::SendAll(fd, "HTTP/1.1 200 OK\r\nContent-Length: 10485760\r\n\r\n")) return;
    std::string const chunk(1024, 'x');
    for (int i = 0; i < 100; ++i) {  // 1 KiB every 100 ms: 10 s if nobody stops it
      if (!RawServer::SendAll(fd, chunk)) {
        hung_up.Raise();
        return;
      }
      ++chunks_sent;
      absl::SleepFor(absl::Milliseconds(100));
    }
  });
  int port = server.Start();
  Client client;
  Canceller canceller;
  Request request = WithToken(Get(port, "/download"));
  request.context = canceller.Context();
  std::thread cancel([&] {
    absl::SleepFor(absl::Milliseconds(300));
    canceller.Cancel();
  });
  absl::Time start = absl::Now();
  auto response = client.Send(request);
  absl::Duration elapsed = absl::Now() - start;
  cancel.join();
  EXPECT_THAT(response, StatusIs(absl::StatusCode::kCancelled,
                                 AllOf(HasSubstr("GitHub GET test cancelled by the caller"),
                                       HasSubstr("1 attempt"), Not(HasSubstr(kToken)))));
  EXPECT_GE(elapsed, absl::Milliseconds(300));
  EXPECT_LT(elapsed, absl::Milliseconds(1500));
  EXPECT_GT(chunks_sent.load(), 0);  // it was cut off mid-body, not before the answer began
  EXPECT_TRUE(hung_up.WaitFor(absl::Seconds(2))) << "the server never saw the connection close";
}

TEST(HttpClientDeadline, CancellationCutsOffAnAttemptStillWaitingForTheAnswer) {
  // No bytes move, so only libcurl's once-a-second progress call notices.
  Flag hung_up;
  RawServer server([&](int fd) {
    if (RawServer::ReadRequest(fd).empty()) return;
    if (RawServer::WaitForHangUp(fd, absl::Seconds(5))) hung_up.Raise();
  });
  int port = server.Start();
  Client client;
  Canceller canceller;
  Request request = Get(port, "/slow");
  request.context = canceller.Context();
  std::thread cancel([&] {
    absl::SleepFor(absl::Milliseconds(300));
    canceller.Cancel();
  });
  absl::Time start = absl::Now();
  auto response = client.Send(request);
  absl::Duration elapsed = absl::Now() - start;
  cancel.join();
  EXPECT_THAT(response,
              StatusIs(absl::StatusCode::kCancelled, HasSubstr("cancelled by the caller")));
  EXPECT_LT(elapsed, absl::Milliseconds(300) + absl::Milliseconds(1500));
  EXPECT_TRUE(hung_up.WaitFor(absl::Seconds(2)));
}

TEST(HttpClientDeadline, CancelledContextMakesNoAttempt) {
  LoopbackServer server;
  std::atomic<int> calls{0};
  server.server().Get("/ok", [&](httplib::Request const&, httplib::Response& res) {
    ++calls;
    res.set_content("ok", "text/plain");
  });
  int port = server.Start();
  Client client;
  Request request = WithToken(Get(port, "/ok"));
  request.context = CallContext::FromDeadline(absl::InfiniteFuture(), [] { return true; });
  EXPECT_THAT(client.Send(request),
              StatusIs(absl::StatusCode::kCancelled,
                       AllOf(HasSubstr("cancelled by the caller"), HasSubstr("(0 attempts)"),
                             Not(HasSubstr(kToken)))));
  EXPECT_EQ(calls.load(), 0);
}

TEST(HttpClientDeadline, PassedDeadlineMakesNoAttempt) {
  LoopbackServer server;
  std::atomic<int> calls{0};
  server.server().Get("/ok", [&](httplib::Request const&, httplib::Response& res) {
    ++calls;
    res.set_content("ok", "text/plain");
  });
  int port = server.Start();
  Client client;
  Request request = Get(port, "/ok");
  request.context = CallContext::FromDeadline(absl::Now() - absl::Seconds(1));
  EXPECT_THAT(client.Send(request), StatusIs(absl::StatusCode::kDeadlineExceeded,
                                             HasSubstr("deadline exceeded after")));
  EXPECT_EQ(calls.load(), 0);
}

TEST(HttpClientDeadline, RetryAfterPastTheDeadlineGivesUpAtOnceNamingTheRateLimit) {
  LoopbackServer server;
  std::atomic<int> calls{0};
  server.server().Get("/limited", [&](httplib::Request const&, httplib::Response& res) {
    ++calls;
    res.status = 429;
    res.set_header("Retry-After", "10");
  });
  int port = server.Start();
  RecordingSleeper sleeper;
  Client client(FastOptions(sleeper));
  Request request = WithToken(Get(port, "/limited"));
  request.context = CallContext::FromDeadline(absl::Now() + absl::Seconds(2));
  absl::Time start = absl::Now();
  EXPECT_THAT(client.Send(request),
              StatusIs(absl::StatusCode::kUnavailable,
                       AllOf(HasSubstr("GitHub GET test: rate limited (429) after 1 attempt"),
                             HasSubstr("try again after"), HasSubstr("(in 10s)"),
                             Not(HasSubstr(kToken)))));
  EXPECT_LT(absl::Now() - start, absl::Seconds(1));
  EXPECT_TRUE(sleeper.delays.empty()) << "slept " << sleeper.delays.front();
  EXPECT_EQ(calls.load(), 1);
}

TEST(HttpClientDeadline, BackoffPastTheDeadlineGivesUpAtOnce) {
  LoopbackServer server;
  std::atomic<int> calls{0};
  server.server().Get("/down", [&](httplib::Request const&, httplib::Response& res) {
    ++calls;
    res.status = 503;
  });
  int port = server.Start();
  RecordingSleeper sleeper;
  ClientOptions options = FastOptions(sleeper);
  options.backoff_initial = absl::Seconds(8);  // the first wait is at least 4 s
  Client client(options);
  Request request = Get(port, "/down");
  request.context = CallContext::FromDeadline(absl::Now() + absl::Seconds(2));
  EXPECT_THAT(client.Send(request),
              StatusIs(absl::StatusCode::kUnavailable,
                       AllOf(HasSubstr("GitHub unavailable after 1 attempt"), HasSubstr("(503)"))));
  EXPECT_TRUE(sleeper.delays.empty());
  EXPECT_EQ(calls.load(), 1);
}

TEST(HttpClientDeadline, RetriesThatFitBeforeTheDeadlineStillHappen) {
  LoopbackServer server;
  std::atomic<int> calls{0};
  server.server().Get("/flaky", [&](httplib::Request const&, httplib::Response& res) {
    if (++calls == 1) {
      res.status = 503;
      return;
    }
    res.set_content("ok", "text/plain");
  });
  int port = server.Start();
  RecordingSleeper sleeper;
  Client client(FastOptions(sleeper));
  Request request = Get(port, "/flaky");
  request.context = CallContext::FromDeadline(absl::Now() + absl::Seconds(10));
  auto response = client.Send(request);
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->attempts, 2);
  EXPECT_EQ(sleeper.delays.size(), 1u);
}

TEST(HttpClientDeadline, CancellationWakesTheWaitBetweenAttempts) {
  LoopbackServer server;
  std::atomic<int> calls{0};
  server.server().Get("/later", [&](httplib::Request const&, httplib::Response& res) {
    ++calls;
    res.status = 503;
    res.set_header("Retry-After", "5");
  });
  int port = server.Start();
  Client client;  // the real wait, not a test sleeper
  Canceller canceller;
  Request request = Get(port, "/later");
  request.context = canceller.Context();
  std::thread cancel([&] {
    absl::SleepFor(absl::Milliseconds(300));
    canceller.Cancel();
  });
  absl::Time start = absl::Now();
  auto response = client.Send(request);
  absl::Duration elapsed = absl::Now() - start;
  cancel.join();
  EXPECT_THAT(response, StatusIs(absl::StatusCode::kCancelled,
                                 AllOf(HasSubstr("cancelled by the caller"),
                                       HasSubstr("(1 attempt; last: 503)"))));
  EXPECT_LT(elapsed, absl::Seconds(1));
  EXPECT_EQ(calls.load(), 1);
}

}  // namespace
}  // namespace stablecut::http
