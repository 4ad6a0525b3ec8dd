#include "lib/http/client.h"

#include <curl/curl.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cstring>
#include <functional>
#include <mutex>
#include <optional>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "lib/http/attempt_outcome.h"
#include "lib/http/call_errors.h"
#include "lib/http/url.h"
#include "lib/log/log.h"

namespace stablecut::http {
namespace {

constexpr long kReceiveBufferBytes = 256 * 1024;
constexpr long kSendBufferBytes = 1024 * 1024;  // libcurl allows at most 2 MiB


// Error bodies and JSON answers are read into memory; anything bigger belongs in a sink.
constexpr std::size_t kMaxBufferedBody = 64 << 20;
constexpr int kMaxRedirects = 5;

struct EasyFree {
  void operator()(CURL* easy) const { curl_easy_cleanup(easy); }
};
using Easy = std::unique_ptr<CURL, EasyFree>;

struct SlistFree {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};

bool IsRedirect(long status) {
  return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

// Why an attempt was cut short on the caller's behalf.
enum class Stop { kNone, kCancelled, kDeadline };

// One attempt's state, reached from libcurl's callbacks.
struct Transfer {
  CURL* easy = nullptr;
  Request const* request = nullptr;
  std::function<absl::Time()> const* clock = nullptr;
  Response response;
  absl::Status body_error;  // from the sink or source: ends the call unchanged
  bool too_large = false;
  bool head_checked = false;  // check_sink_head ran for this answer
  bool deadline_capped = false;  // CURLOPT_TIMEOUT_MS is the time left before the deadline
  Stop stopped = Stop::kNone;

  // libcurl calls this many times a second while bytes move and about once a second while
  // they do not, so a cancelled or expired call lets go of its connection within a second.
  static int OnProgress(void* self, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
    auto* transfer = static_cast<Transfer*>(self);
    CallContext const& context = transfer->request->context;
    // The deadline first: gRPC also cancels a call whose deadline passed, and that is a
    // deadline, not a caller who went away.
    if (context.Expired((*transfer->clock)())) {
      transfer->stopped = Stop::kDeadline;
      return 1;  // aborts the transfer: CURLE_ABORTED_BY_CALLBACK
    }
    if (context.Cancelled()) {
      transfer->stopped = Stop::kCancelled;
      return 1;
    }
    return 0;
  }

  static std::size_t OnHeader(char* data, std::size_t size, std::size_t count, void* self) {
    auto* transfer = static_cast<Transfer*>(self);
    std::size_t length = size * count;
    absl::string_view line(data, length);
    if (absl::StartsWith(line, "HTTP/")) {
      transfer->response.headers.clear();  // a new response (after 100 Continue)
      return length;
    }
    auto colon = line.find(':');
    if (colon == absl::string_view::npos) return length;
    std::string name = absl::AsciiStrToLower(line.substr(0, colon));
    std::string value(absl::StripAsciiWhitespace(line.substr(colon + 1)));
    transfer->response.headers.emplace_back(std::move(name), std::move(value));
    return length;
  }

  static std::size_t OnBody(char* data, std::size_t size, std::size_t count, void* self) {
    auto* transfer = static_cast<Transfer*>(self);
    std::size_t length = size * count;
    long status = 0;
    curl_easy_getinfo(transfer->easy, CURLINFO_RESPONSE_CODE, &status);
    ByteSink* sink = transfer->request->response_sink;
    if (sink != nullptr && status >= 200 && status < 300) {
      if (!transfer->head_checked && transfer->request->check_sink_head) {
        transfer->head_checked = true;
        transfer->response.status = status;
        auto accepted = transfer->request->check_sink_head(transfer->response);
        if (!accepted.ok()) {
          transfer->body_error = accepted;
          return 0;
        }
      }
      auto written = sink->Write(absl::string_view(data, length));
      if (!written.ok()) {
        transfer->body_error = written;
        return 0;  // aborts the transfer
      }
      return length;
    }
    if (transfer->response.body.size() + length > kMaxBufferedBody) {
      transfer->too_large = true;
      return 0;
    }
    transfer->response.body.append(data, length);
    return length;
  }

  static std::size_t OnRead(char* buffer, std::size_t size, std::size_t count, void* self) {
    auto* transfer = static_cast<Transfer*>(self);
    auto read = transfer->request->body_source->Read(buffer, size * count);
    if (!read.ok()) {
      transfer->body_error = read.status();
      return CURL_READFUNC_ABORT;
    }
    return *read;
  }
};

// libcurl's share handle needs these to be used from several threads.
class ShareLocks {
 public:
  static void Lock(CURL*, curl_lock_data data, curl_lock_access, void* self) {
    static_cast<ShareLocks*>(self)->mutexes_[Index(data)].lock();
  }
  static void Unlock(CURL*, curl_lock_data data, void* self) {
    static_cast<ShareLocks*>(self)->mutexes_[Index(data)].unlock();
  }

 private:
  static std::size_t Index(curl_lock_data data) {
    return static_cast<std::size_t>(data) % kLocks;
  }
  static constexpr std::size_t kLocks = CURL_LOCK_DATA_LAST;
  std::array<std::mutex, kLocks> mutexes_;
};

}  // namespace

struct Client::Impl {
  ClientOptions options;
  BackoffPolicy backoff_prototype;
  ShareLocks share_locks;
  CURLSH* share = nullptr;
  std::atomic<long> connections{0};

  // Idle easy handles: each keeps its connections open, so reusing one reuses them.
  // (libcurl does not support sharing the connection cache across threads.)
  absl::Mutex pool_mu;
  std::vector<Easy> pool ABSL_GUARDED_BY(pool_mu);

  explicit Impl(ClientOptions opts)
      : options(std::move(opts)),
        backoff_prototype(options.backoff_initial, options.backoff_maximum, 2.0) {
    static std::once_flag curl_initialized;
    std::call_once(curl_initialized, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
    if (!options.clock) options.clock = [] { return absl::Now(); };
    share = curl_share_init();
    curl_share_setopt(share, CURLSHOPT_LOCKFUNC, &ShareLocks::Lock);
    curl_share_setopt(share, CURLSHOPT_UNLOCKFUNC, &ShareLocks::Unlock);
    curl_share_setopt(share, CURLSHOPT_USERDATA, &share_locks);
    curl_share_setopt(share, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS);
    curl_share_setopt(share, CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION);
  }

  ~Impl() {
    {
      absl::MutexLock lock(&pool_mu);
      pool.clear();
    }
    curl_share_cleanup(share);
  }

  Easy Checkout() {
    absl::MutexLock lock(&pool_mu);
    if (!pool.empty()) {
      Easy easy = std::move(pool.back());
      pool.pop_back();
      return easy;
    }
    return Easy(curl_easy_init());
  }

  void Checkin(Easy easy) {
    absl::MutexLock lock(&pool_mu);
    pool.push_back(std::move(easy));
  }

  absl::Status CheckScheme(Url const& url) const {
    if (url.scheme == "http" && !IsLoopbackHost(url.host)) {
      return absl::InvalidArgumentError(absl::StrCat(
          "refusing plain http to ", url.host, ": use https (http is allowed to loopback only)"));
    }
    return absl::OkStatus();
  }

  // One HTTP exchange, no redirects followed. The CURLcode says whether it completed.
  CURLcode PerformOnce(CURL* easy, Request const& request, Url const& url,
                       std::string const& method, bool send_body, bool send_credential,
                       Transfer& transfer) {
    curl_easy_reset(easy);
    transfer.easy = easy;
    transfer.request = &request;
    transfer.clock = &options.clock;
    curl_easy_setopt(easy, CURLOPT_SHARE, share);
    curl_easy_setopt(easy, CURLOPT_URL, url.full.c_str());
    curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(easy, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(easy, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(easy, CURLOPT_SSL_VERIFYHOST, 2L);
    if (!options.ca_bundle.empty()) {
      curl_easy_setopt(easy, CURLOPT_CAINFO, options.ca_bundle.c_str());
    }
    curl_easy_setopt(easy, CURLOPT_USERAGENT, options.user_agent.c_str());
    curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS,
                     static_cast<long>(absl::ToInt64Milliseconds(request.connect_timeout)));
    // No attempt outlives the caller's deadline: libcurl's own timer ends it on time even when
    // the progress callback is not due.
    absl::Duration limit = request.attempt_timeout > absl::ZeroDuration()
                               ? request.attempt_timeout
                               : absl::InfiniteDuration();
    absl::Duration left = request.context.Remaining(options.clock());
    if (left < limit) {
      limit = left;
      transfer.deadline_capped = true;
    }
    if (limit != absl::InfiniteDuration()) {
      // Rounded up and at least 1 ms: 0 would mean no limit at all.
      long limit_ms = static_cast<long>(
          absl::ToInt64Milliseconds(absl::Ceil(limit, absl::Milliseconds(1))));
      curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, std::max(1L, limit_ms));
    }
    curl_easy_setopt(easy, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(easy, CURLOPT_XFERINFOFUNCTION, &Transfer::OnProgress);
    curl_easy_setopt(easy, CURLOPT_XFERINFODATA, &transfer);
    curl_easy_setopt(easy, CURLOPT_LOW_SPEED_LIMIT, 1024L);
    curl_easy_setopt(easy, CURLOPT_LOW_SPEED_TIME,
                     static_cast<long>(absl::ToInt64Seconds(request.stall_timeout)));
    curl_easy_setopt(easy, CURLOPT_HEADERFUNCTION, &Transfer::OnHeader);
    curl_easy_setopt(easy, CURLOPT_HEADERDATA, &transfer);
    curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, &Transfer::OnBody);
    curl_easy_setopt(easy, CURLOPT_WRITEDATA, &transfer);

    std::unique_ptr<curl_slist, SlistFree> headers;
    auto add_header = [&headers](std::string const& line) {
      headers.reset(curl_slist_append(headers.release(), line.c_str()));
    };
    for (auto const& [name, value] : request.headers) add_header(absl::StrCat(name, ": ", value));
    add_header("Expect:");  // no 100-continue round trip before uploads
    std::string authorization;
    if (send_credential && !request.auth_scheme.empty()) {
      authorization =
          absl::StrCat("Authorization: ", request.auth_scheme, " ", request.credential.Reveal());
      add_header(authorization);
    }
    curl_easy_setopt(easy, CURLOPT_HTTPHEADER, headers.get());

    if (method == "GET") {
      curl_easy_setopt(easy, CURLOPT_HTTPGET, 1L);
    } else if (method == "HEAD") {
      curl_easy_setopt(easy, CURLOPT_NOBODY, 1L);
    } else {
      curl_easy_setopt(easy, CURLOPT_CUSTOMREQUEST, method.c_str());
    }
    // Large transfers (release assets, wheels) in large pieces: libcurl's 16 KiB and 64 KiB
    // defaults cost a callback, a syscall and often a thread hand-off per piece, which on
    // a GiB-sized publish was most of the publisher's CPU (bench/publish).
    curl_easy_setopt(easy, CURLOPT_BUFFERSIZE, kReceiveBufferBytes);
    if (send_body && request.body_source != nullptr) {
      curl_easy_setopt(easy, CURLOPT_UPLOAD_BUFFERSIZE, kSendBufferBytes);
      curl_easy_setopt(easy, CURLOPT_UPLOAD, 1L);
      curl_easy_setopt(easy, CURLOPT_CUSTOMREQUEST, method.c_str());
      curl_easy_setopt(easy, CURLOPT_READFUNCTION, &Transfer::OnRead);
      curl_easy_setopt(easy, CURLOPT_READDATA, &transfer);
      auto size = request.body_source->size();
      if (size) curl_easy_setopt(easy, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(*size));
    } else if (send_body && (!request.body.empty() || method == "POST" || method == "PATCH" ||
                             method == "PUT")) {
      curl_easy_setopt(easy, CURLOPT_POSTFIELDS, request.body.data());
      curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE_LARGE,
                       static_cast<curl_off_t>(request.body.size()));
      curl_easy_setopt(easy, CURLOPT_CUSTOMREQUEST, method.c_str());
    }

    CURLcode code = curl_easy_perform(easy);
    curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &transfer.response.status);
    long opened = 0;
    curl_easy_getinfo(easy, CURLINFO_NUM_CONNECTS, &opened);
    connections += opened;
    // The header list dies here: make sure libcurl does not keep a pointer to it.
    curl_easy_setopt(easy, CURLOPT_HTTPHEADER, nullptr);
    std::fill(authorization.begin(), authorization.end(), '\0');
    return code;
  }

  struct AttemptResult {
    std::optional<Response> response;  // set when an answer arrived
    absl::Status final_error;          // set when the call must end with this error
    std::string transport_error;       // set for a transport failure
    bool nothing_sent = false;         // the transport failure came before anything was sent
    Stop stopped = Stop::kNone;        // set when cancellation or the deadline cut it short
  };

  AttemptResult Attempt(CURL* easy, Request const& request, Url const& original) {
    AttemptResult result;
    if (request.response_sink != nullptr) {
      if (auto reset = request.response_sink->Reset(); !reset.ok()) {
        result.final_error = reset;
        return result;
      }
    }
    Url url = original;
    std::string method = request.method;
    bool send_body = true;
    for (int redirects = 0;; ++redirects) {
      if (send_body && request.body_source != nullptr) {
        if (auto rewound = request.body_source->Rewind(); !rewound.ok()) {
          result.final_error = rewound;
          return result;
        }
      }
      Transfer transfer;
      bool same_authority = url.Authority() == original.Authority() &&
                            url.scheme == original.scheme;
      CURLcode code = PerformOnce(easy, request, url, method, send_body, same_authority, transfer);
      if (transfer.stopped == Stop::kNone && code == CURLE_OPERATION_TIMEDOUT &&
          transfer.deadline_capped) {
        transfer.stopped = Stop::kDeadline;
      }
      if (transfer.stopped != Stop::kNone) {
        result.stopped = transfer.stopped;
        return result;
      }
      if (!transfer.body_error.ok()) {
        result.final_error = transfer.body_error;
        return result;
      }
      if (transfer.too_large) {
        result.final_error = absl::ResourceExhaustedError(absl::StrCat(
            request.service, " ", request.operation, ": response larger than ",
            kMaxBufferedBody, " bytes"));
        return result;
      }
      if (code != CURLE_OK) {
        result.transport_error = curl_easy_strerror(code);
        result.nothing_sent = code == CURLE_COULDNT_RESOLVE_HOST ||
                              code == CURLE_COULDNT_RESOLVE_PROXY || code == CURLE_COULDNT_CONNECT;
        return result;
      }
      Response& response = transfer.response;
      response.final_url = url.full;
      std::string location = response.Header("location");
      if (!request.follow_redirects || !IsRedirect(response.status) || location.empty()) {
        result.response = std::move(response);
        return result;
      }
      if (redirects >= kMaxRedirects) {
        result.final_error = absl::FailedPreconditionError(absl::StrCat(
            request.service, " ", request.operation, ": more than ", kMaxRedirects,
            " redirects from ", UrlForLog(original.full)));
        return result;
      }
      auto next = ResolveUrl(url, location);
      if (!next.ok()) {
        result.final_error = next.status();
        return result;
      }
      if (auto scheme = CheckScheme(*next); !scheme.ok()) {
        result.final_error = scheme;
        return result;
      }
      if (response.status == 303 ||
          ((response.status == 301 || response.status == 302) && method == "POST")) {
        method = "GET";
        send_body = false;
      }
      url = *std::move(next);
    }
  }

  // Waits between attempts. A test's sleeper replaces the wait (and is not interrupted);
  // the real wait wakes within CallContext::kPollInterval of cancellation.
  bool Wait(absl::Duration delay, CallContext const& context) const {
    if (!options.sleeper) return context.WaitFor(delay);
    options.sleeper(delay);
    return !context.Cancelled();
  }

  // The one retry loop.
  absl::StatusOr<Response> SendWithRetries(CURL* easy, Request const& request, Url const& url) {
    CallContext const& context = request.context;
    auto const& retry = options.retry;
    auto backoff = backoff_prototype.Clone();
    absl::Time start = options.clock();
    CallSummary call;
    call.service = request.service.empty() ? url.host : request.service;
    call.operation = request.operation.empty() ? request.method : request.operation;
    call.url = UrlForLog(url.full);
    auto summary = [&](absl::Time now) {
      call.elapsed = now - start;
      return call;
    };

    for (int attempt = 1;; ++attempt) {
      // Never start an attempt whose answer nobody will wait for. A passed deadline is
      // reported as such even when it also cancelled the call (as gRPC does).
      absl::Time attempt_start = options.clock();
      if (context.Expired(attempt_start)) return DeadlineExceeded(summary(attempt_start));
      if (context.Cancelled()) return CancelledByCaller(summary(attempt_start));

      auto result = Attempt(easy, request, url);
      absl::Time now = options.clock();
      call.attempts = attempt;
      if (result.stopped == Stop::kCancelled) {
        call.last_reason = "cut off in flight";
        return CancelledByCaller(summary(now));
      }
      if (result.stopped == Stop::kDeadline) {
        call.last_reason = "no answer before the deadline";
        return DeadlineExceeded(summary(now));
      }
      if (!result.final_error.ok()) return result.final_error;

      AttemptOutcome outcome =
          result.response ? ClassifyResponse(*result.response, now)
                          : ClassifyTransportFailure(result.transport_error, result.nothing_sent);
      bool may_retry = outcome.retryable && (request.idempotent || outcome.retry_writes);
      if (result.response && !may_retry) {
        result.response->attempts = attempt;
        return *std::move(result.response);
      }
      call.last_reason = outcome.reason;
      if (context.Expired(now)) return DeadlineExceeded(summary(now));
      if (context.Cancelled()) return CancelledByCaller(summary(now));

      absl::Duration delay = outcome.server_delay ? *outcome.server_delay : backoff->NextDelay();
      // The next attempt must be able to finish in time: assume it takes as long as this one.
      absl::Duration next_attempt = now - attempt_start;
      bool out_of_budget = !may_retry || attempt >= retry.max_attempts ||
                           delay > retry.max_delay || (now - start) + delay > retry.max_elapsed ||
                           now + delay + next_attempt > context.deadline();
      if (out_of_budget) {
        return RetriesExhausted(summary(now), outcome, now,
                                /*may_have_been_sent=*/outcome.retryable && !may_retry);
      }
      log::Event(log::Level::kWarn, "http retry",
                 {{"service", request.service},
                  {"operation", request.operation},
                  {"url", call.url},
                  {"attempt", absl::StrCat(attempt)},
                  {"delay_ms", absl::StrCat(absl::ToInt64Milliseconds(delay))},
                  {"reason", outcome.reason}});
      if (!Wait(delay, context)) return CancelledByCaller(summary(options.clock()));
    }
  }
};

Client::Client(ClientOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {}
Client::~Client() = default;

long Client::connections_opened() const { return impl_->connections.load(); }

absl::StatusOr<Response> Client::Send(Request const& request) {
  auto url = ParseUrl(request.url);
  if (!url.ok()) return url.status();
  if (auto scheme = impl_->CheckScheme(*url); !scheme.ok()) return scheme;
  Easy easy = impl_->Checkout();
  if (!easy) return absl::ResourceExhaustedError("cannot create a libcurl handle");
  auto result = impl_->SendWithRetries(easy.get(), request, *url);
  impl_->Checkin(std::move(easy));
  return result;
}

}  // namespace stablecut::http
