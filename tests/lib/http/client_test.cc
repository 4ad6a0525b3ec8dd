// http::Client against a real server on loopback: retries, redirects, streaming, reuse.

#include "lib/http/client.h"

#include <atomic>
#include <mutex>
#include <set>
#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "lib/http/body.h"
#include "tests/lib/http/client_fixtures.h"
#include "tests/testing/log_capture.h"
#include "tests/testing/loopback_server.h"
#include "tests/testing/status_matchers.h"

namespace stablecut::http {
namespace {

using ::stablecut::testing::IsOk;
using ::stablecut::testing::LoopbackServer;
using ::stablecut::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

class StringSink : public ByteSink {
 public:
  absl::Status Reset() override {
    ++resets;
    bytes.clear();
    return absl::OkStatus();
  }
  absl::Status Write(absl::string_view data) override {
    bytes.append(data.data(), data.size());
    return absl::OkStatus();
  }
  std::string bytes;
  int resets = 0;
};

// A body of `size` bytes generated on the fly: never held in memory.
class PatternSource : public ByteSource {
 public:
  explicit PatternSource(std::int64_t size) : size_(size) {}
  absl::Status Rewind() override {
    offset_ = 0;
    ++rewinds;
    return absl::OkStatus();
  }
  absl::StatusOr<std::size_t> Read(char* buffer, std::size_t size) override {
    std::size_t n = static_cast<std::size_t>(std::min<std::int64_t>(size, size_ - offset_));
    for (std::size_t i = 0; i < n; ++i) buffer[i] = static_cast<char>('a' + (offset_ + i) % 26);
    offset_ += static_cast<std::int64_t>(n);
    return n;
  }
  std::optional<std::int64_t> size() const override { return size_; }
  int rewinds = 0;

 private:
  std::int64_t size_;
  std::int64_t offset_ = 0;
};

TEST(HttpClient, GetReturnsStatusHeadersAndBody) {
  LoopbackServer server;
  server.server().Get("/ok", [](httplib::Request const&, httplib::Response& res) {
    res.set_header("ETag", "W/\"abc\"");
    res.set_content("{\"a\":1}", "application/json");
  });
  int port = server.Start();
  Client client;
  auto response = client.Send(Get(port, "/ok"));
  ASSERT_THAT(response, IsOk());
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, "{\"a\":1}");
  EXPECT_EQ(response->Header("etag"), "W/\"abc\"");
  EXPECT_EQ(response->attempts, 1);
}

TEST(HttpClient, RetriesServiceUnavailableHonouringRetryAfter) {
  LoopbackServer server;
  std::atomic<int> calls{0};
  server.server().Get("/flaky", [&](httplib::Request const&, httplib::Response& res) {
    if (++calls <= 2) {
      res.status = 503;
      res.set_header("Retry-After", "2");
      return;
    }
    res.set_content("ok", "text/plain");
  });
  int port = server.Start();
  RecordingSleeper sleeper;
  Client client(FastOptions(sleeper));
  auto response = client.Send(Get(port, "/flaky"));
  ASSERT_THAT(response, IsOk());
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->attempts, 3);
  EXPECT_THAT(sleeper.delays, ElementsAre(absl::Seconds(2), absl::Seconds(2)));
}

TEST(HttpClient, RetriesTooManyRequestsWithBackoffWhenNoRetryAfter) {
  LoopbackServer server;
  std::atomic<int> calls{0};
  server.server().Get("/limited", [&](httplib::Request const&, httplib::Response& res) {
    if (++calls <= 3) {
      res.status = 429;
      return;
    }
    res.set_content("ok", "text/plain");
  });
  int port = server.Start();
  RecordingSleeper sleeper;
  Client client(FastOptions(sleeper));
  auto response = client.Send(Get(port, "/limited"));
  ASSERT_THAT(response, IsOk());
  EXPECT_EQ(response->attempts, 4);
  ASSERT_EQ(sleeper.delays.size(), 3u);
  // Exponential with jitter in [d/2, d]: 100ms, 200ms, 400ms.
  EXPECT_GE(sleeper.delays[0], absl::Milliseconds(50));
  EXPECT_LE(sleeper.delays[0], absl::Milliseconds(100));
  EXPECT_GE(sleeper.delays[2], absl::Milliseconds(200));
  EXPECT_LE(sleeper.delays[2], absl::Milliseconds(400));
}

TEST(HttpClient, PrimaryRateLimitWaitsUntilReset) {
  LoopbackServer server;
  std::atomic<int> calls{0};
  absl::Time now = absl::FromUnixSeconds(1'800'000'000);
  server.server().Get("/rate", [&](httplib::Request const&, httplib::Response& res) {
    if (++calls == 1) {
      res.status = 403;
      res.set_header("X-RateLimit-Remaining", "0");
      res.set_header("X-RateLimit-Reset", absl::StrCat(absl::ToUnixSeconds(now) + 7));
      res.set_content("{\"message\":\"API rate limit exceeded\"}", "application/json");
      return;
    }
    res.set_content("ok", "text/plain");
  });
  int port = server.Start();
  RecordingSleeper sleeper;
  ClientOptions options = FastOptions(sleeper);
  options.clock = [&] { return now; };
  Client client(options);
  auto response = client.Send(Get(port, "/rate"));
  ASSERT_THAT(response, IsOk());
  EXPECT_EQ(response->status, 200);
  EXPECT_THAT(sleeper.delays, ElementsAre(absl::Seconds(7)));
}

TEST(HttpClient, ClientErrorsAreAnswersNotRetried) {
  LoopbackServer server;
  std::atomic<int> calls{0};
  server.server().Get(R"(/status/(\d+))", [&](httplib::Request const& req, httplib::Response& res) {
    ++calls;
    res.status = std::stoi(req.matches[1]);
    res.set_content("{\"message\":\"Not Found\"}", "application/json");
  });
  int port = server.Start();
  RecordingSleeper sleeper;
  Client client(FastOptions(sleeper));
  for (int status : {400, 401, 403, 404, 422}) {
    SCOPED_TRACE(status);
    calls = 0;
    auto response = client.Send(Get(port, absl::StrCat("/status/", status)));
    ASSERT_THAT(response, IsOk());
    EXPECT_EQ(response->status, status);
    EXPECT_EQ(response->attempts, 1);
    EXPECT_EQ(calls.load(), 1);
  }
  EXPECT_TRUE(sleeper.delays.empty());
}

TEST(HttpClient, GivesUpWithUnavailableNamingTheServiceAndTheEffort) {
  LoopbackServer server;
  std::atomic<int> calls{0};
  server.server().Get("/down", [&](httplib::Request const&, httplib::Response& res) {
    ++calls;
    res.status = 503;
  });
  int port = server.Start();
  RecordingSleeper sleeper;
  ClientOptions options = FastOptions(sleeper);
  options.retry.max_attempts = 4;
  Client client(options);
  auto response = client.Send(Get(port, "/down"));
  EXPECT_THAT(response, StatusIs(absl::StatusCode::kUnavailable,
                                 HasSubstr("GitHub unavailable after 4 attempts")));
  EXPECT_THAT(response, StatusIs(absl::StatusCode::kUnavailable, HasSubstr("(503)")));
  EXPECT_EQ(calls.load(), 4);
  EXPECT_EQ(sleeper.delays.size(), 3u);
}

TEST(HttpClient, ServerDelayBeyondTheBudgetGivesUpAtOnce) {
  LoopbackServer server;
  server.server().Get("/later", [&](httplib::Request const&, httplib::Response& res) {
    res.status = 503;
    res.set_header("Retry-After", "3600");
  });
  int port = server.Start();
  RecordingSleeper sleeper;
  Client client(FastOptions(sleeper));
  EXPECT_THAT(client.Send(Get(port, "/later")),
              StatusIs(absl::StatusCode::kUnavailable, HasSubstr("after 1 attempt ")));
  EXPECT_TRUE(sleeper.delays.empty());
}

TEST(HttpClient, NonIdempotentRequestAnsweredWithAServerErrorIsSentOnce) {
  // A 500 may have done part of the work: only answers that say nothing was done (see
  // write_retry_test.cc) send a write again.
  LoopbackServer server;
  std::atomic<int> calls{0};
  server.server().Post("/create", [&](httplib::Request const&, httplib::Response& res) {
    ++calls;
    res.status = 500;
  });
  int port = server.Start();
  RecordingSleeper sleeper;
  Client client(FastOptions(sleeper));
  Request request = Get(port, "/create");
  request.method = "POST";
  request.body = "{}";
  request.idempotent = false;
  auto response = client.Send(request);
  ASSERT_THAT(response, IsOk());
  EXPECT_EQ(response->status, 500);
  EXPECT_EQ(calls.load(), 1);
  EXPECT_TRUE(sleeper.delays.empty());
}

TEST(HttpClient, ConnectionRefusedIsRetriedThenUnavailable) {
  int port = 0;
  {
    LoopbackServer closed;
    port = closed.Start();
  }  // nothing listens there any more
  RecordingSleeper sleeper;
  ClientOptions options = FastOptions(sleeper);
  options.retry.max_attempts = 3;
  Client client(options);
  EXPECT_THAT(client.Send(Get(port, "/")),
              StatusIs(absl::StatusCode::kUnavailable, HasSubstr("after 3 attempts")));
  EXPECT_EQ(sleeper.delays.size(), 2u);
}

TEST(HttpClient, DroppedConnectionMidBodyIsRetriedAndTheSinkStartsOver) {
  LoopbackServer server;
  std::atomic<int> calls{0};
  std::string const body(256 * 1024, 'x');
  server.server().Get("/file", [&](httplib::Request const&, httplib::Response& res) {
    bool drop = ++calls == 1;
    res.set_content_provider(body.size(), "application/octet-stream",
                             [&body, drop](size_t offset, size_t length, httplib::DataSink& sink) {
                               if (drop && offset >= 64 * 1024) return false;  // hang up
                               sink.write(body.data() + offset, std::min<size_t>(length, 16384));
                               return true;
                             });
  });
  int port = server.Start();
  RecordingSleeper sleeper;
  Client client(FastOptions(sleeper));
  StringSink sink;
  Request request = Get(port, "/file");
  request.response_sink = &sink;
  auto response = client.Send(request);
  ASSERT_THAT(response, IsOk());
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->attempts, 2);
  EXPECT_EQ(sink.bytes.size(), body.size());
  EXPECT_EQ(sink.resets, 2);
  EXPECT_TRUE(response->body.empty());
}

TEST(HttpClient, ErrorBodyIsNotWrittenToTheSink) {
  LoopbackServer server;
  server.server().Get("/missing", [](httplib::Request const&, httplib::Response& res) {
    res.status = 404;
    res.set_content("{\"message\":\"Not Found\"}", "application/json");
  });
  int port = server.Start();
  Client client;
  StringSink sink;
  Request request = Get(port, "/missing");
  request.response_sink = &sink;
  auto response = client.Send(request);
  ASSERT_THAT(response, IsOk());
  EXPECT_EQ(response->status, 404);
  EXPECT_EQ(response->body, "{\"message\":\"Not Found\"}");
  EXPECT_TRUE(sink.bytes.empty());
}

TEST(HttpClient, SinkHeadCheckSeesTheAnswerBeforeAnyByteAndCanRefuseIt) {
  LoopbackServer server;
  server.server().Get("/file", [](httplib::Request const&, httplib::Response& res) {
    res.set_header("X-Part", "whole");
    res.set_content(std::string(100000, 'w'), "application/octet-stream");
  });
  int port = server.Start();
  Client client;
  StringSink sink;
  Request request = Get(port, "/file");
  request.response_sink = &sink;
  std::vector<std::string> heads;
  request.check_sink_head = [&](Response const& head) {
    heads.push_back(absl::StrCat(head.status, " ", head.Header("x-part"), " ", sink.bytes.size()));
    return absl::FailedPreconditionError("not the part asked for");
  };
  EXPECT_THAT(client.Send(request),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("not the part asked for")));
  EXPECT_THAT(heads, ElementsAre("200 whole 0"));  // once, before the first byte; not retried
  EXPECT_TRUE(sink.bytes.empty());

  heads.clear();
  request.check_sink_head = [&](Response const& head) {
    heads.push_back(absl::StrCat(head.status, " ", sink.bytes.size()));
    return absl::OkStatus();
  };
  auto response = client.Send(request);
  ASSERT_THAT(response, IsOk());
  EXPECT_THAT(heads, ElementsAre("200 0"));
  EXPECT_EQ(sink.bytes.size(), 100000u);
}

TEST(HttpClient, AuthorizationDoesNotFollowARedirectToAnotherHost) {
  LoopbackServer server;
  int port = 0;
  std::mutex mu;
  std::vector<std::string> seen;  // "path auth|none"
  auto record = [&](httplib::Request const& req) {
    std::lock_guard<std::mutex> lock(mu);
    seen.push_back(absl::StrCat(req.path, " ",
                                req.has_header("Authorization") ? "auth" : "none"));
  };
  server.server().Get("/asset", [&](httplib::Request const& req, httplib::Response& res) {
    record(req);
    // Like GitHub: the API host redirects to a storage host with a signed URL.
    res.set_redirect(absl::StrCat("http://localhost:", port, "/storage?X-Amz-Signature=s"), 302);
  });
  server.server().Get("/same-host", [&](httplib::Request const& req, httplib::Response& res) {
    record(req);
    res.set_redirect("/storage", 302);
  });
  server.server().Get("/storage", [&](httplib::Request const& req, httplib::Response& res) {
    record(req);
    if (req.has_header("Authorization")) {
      res.status = 400;
      res.set_content("Only one auth mechanism allowed", "text/plain");
      return;
    }
    res.set_content("wheel bytes", "application/octet-stream");
  });
  port = server.Start();
  Client client;
  Request request = Get(port, "/asset");
  request.auth_scheme = "Bearer";
  request.credential = Secret(kToken);
  auto response = client.Send(request);
  ASSERT_THAT(response, IsOk());
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, "wheel bytes");
  EXPECT_THAT(response->final_url, HasSubstr("localhost"));

  request.url = absl::StrCat("http://127.0.0.1:", port, "/same-host");
  response = client.Send(request);
  ASSERT_THAT(response, IsOk());
  EXPECT_EQ(response->status, 400);  // the same host does get the credential
  EXPECT_THAT(seen, ElementsAre("/asset auth", "/storage none", "/same-host auth",
                                "/storage auth"));
}

TEST(HttpClient, PlainHttpIsRefusedToHostsOtherThanLoopback) {
  Client client;
  Request request;
  request.url = "http://api.github.com/repos/a/b";
  EXPECT_THAT(client.Send(request),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("plain http")));
  request.url = "ftp://127.0.0.1/x";
  EXPECT_THAT(client.Send(request), StatusIs(absl::StatusCode::kInvalidArgument, ::testing::_));
}

TEST(HttpClient, RedirectToPlainHttpElsewhereIsRefused) {
  LoopbackServer server;
  server.server().Get("/away", [](httplib::Request const&, httplib::Response& res) {
    res.set_redirect("http://storage.example.com/file", 302);
  });
  int port = server.Start();
  Client client;
  EXPECT_THAT(client.Send(Get(port, "/away")),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("plain http")));
}

TEST(HttpClient, ReusesOneConnectionForManyCalls) {
  LoopbackServer server;
  std::mutex mu;
  std::set<int> client_ports;
  server.server().Get("/ok", [&](httplib::Request const& req, httplib::Response& res) {
    std::lock_guard<std::mutex> lock(mu);
    client_ports.insert(req.remote_port);
    res.set_content("ok", "text/plain");
  });
  server.server().set_keep_alive_max_count(100);  // httplib closes after 5 by default
  int port = server.Start();
  Client client;
  for (int i = 0; i < 10; ++i) ASSERT_THAT(client.Send(Get(port, "/ok")), IsOk());
  EXPECT_EQ(client.connections_opened(), 1);
  EXPECT_EQ(client_ports.size(), 1u);
}

TEST(HttpClient, StreamsAnUploadFromASource) {
  LoopbackServer server;
  std::atomic<std::size_t> received{0};
  std::string content_length;
  server.server().Post("/upload", [&](httplib::Request const& req, httplib::Response& res,
                                      httplib::ContentReader const& reader) {
    content_length = req.get_header_value("Content-Length");
    reader([&](char const*, size_t length) {
      received += length;
      return true;
    });
    res.status = 201;
  });
  int port = server.Start();
  Client client;
  PatternSource source(8 << 20);
  Request request = Get(port, "/upload");
  request.method = "POST";
  request.body_source = &source;
  request.headers.emplace_back("Content-Type", "application/octet-stream");
  auto response = client.Send(request);
  ASSERT_THAT(response, IsOk());
  EXPECT_EQ(response->status, 201);
  EXPECT_EQ(received.load(), std::size_t{8 << 20});
  EXPECT_EQ(content_length, absl::StrCat(8 << 20));
}

TEST(HttpClient, RetryLogLinesNeverShowTheCredentialOrQuery) {
  stablecut::testing::LogCapture logs;
  LoopbackServer server;
  std::atomic<int> calls{0};
  server.server().Get("/flaky", [&](httplib::Request const&, httplib::Response& res) {
    if (++calls == 1) {
      res.status = 500;
      return;
    }
    res.set_content("ok", "text/plain");
  });
  int port = server.Start();
  RecordingSleeper sleeper;
  Client client(FastOptions(sleeper));
  Request request = Get(port, "/flaky?X-Amz-Signature=SIGNATURE");
  request.auth_scheme = "Bearer";
  request.credential = Secret(kToken);
  ASSERT_THAT(client.Send(request), IsOk());
  std::string text = logs.Text();
  EXPECT_THAT(text, HasSubstr("http retry service=GitHub"));
  EXPECT_THAT(text, HasSubstr("attempt=1"));
  EXPECT_THAT(text, Not(HasSubstr(kToken)));
  EXPECT_THAT(text, Not(HasSubstr("SIGNATURE")));
}

}  // namespace
}  // namespace stablecut::http
