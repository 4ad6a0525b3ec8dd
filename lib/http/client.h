#pragma once
// The one HTTP client and retry loop for every outbound call (GitHub, PyPI, downloads).

#include <functional>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "lib/http/request.h"
#include "lib/http/response.h"
#include "lib/http/retry_policy.h"

namespace stablecut::http {

struct ClientOptions {
  std::string ca_bundle;  // PEM file of trusted CAs; empty: the system's
  RetryPolicy retry;
  absl::Duration backoff_initial = absl::Milliseconds(500);
  absl::Duration backoff_maximum = absl::Seconds(30);
  std::string user_agent = "stablecut/0.1";
  // Seams for tests: how to wait between attempts, and what time it is (deadlines are
  // compared with it). A sleeper replaces the wait and is not interrupted; the default wait
  // wakes within CallContext::kPollInterval of the call's cancellation.
  std::function<void(absl::Duration)> sleeper;  // default: CallContext::WaitFor
  std::function<absl::Time()> clock;            // default: absl::Now
};

// Thread-safe. Keeps connections (and TLS sessions) open between calls, so that a run of
// calls to one host makes one TLS handshake.
class Client {
 public:
  explicit Client(ClientOptions options = {});
  ~Client();
  Client(Client const&) = delete;
  Client& operator=(Client const&) = delete;

  // Sends `request`, retrying what is worth retrying (see attempt_outcome.h) while the
  // retry policy and the request's context allow, and following redirects (credential
  // only to the original host). No attempt starts once the context is cancelled or its
  // deadline passed, none is waited for that could not finish before the deadline, and one
  // in flight is cut off within a second of either. Returns the final answer whatever its
  // status; an error means there was no usable answer (messages never hold the credential):
  //   UNAVAILABLE  — "<service> unavailable after N attempts in Xs (<last reason>) on …; try
  //                  again later", or for a rate limit "<service> <operation>: rate limited
  //                  (…) after N attempts in Xs on …; try again after <UTC time> (in Ns)"
  //                  (see call_errors.h); also a write that failed after it may have been
  //                  sent, which is not retried
  //   DEADLINE_EXCEEDED — "<service> <operation>: deadline exceeded after Xs (N attempts; …)"
  //   CANCELLED    — "<service> <operation> cancelled by the caller after Xs (…)"
  //   INVALID_ARGUMENT — a malformed URL, or plain http to a host that is not loopback
  //   the sink's or source's own error, unchanged
  absl::StatusOr<Response> Send(Request const& request);

  // TCP connections opened so far (for tests and benchmarks of connection reuse).
  long connections_opened() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace stablecut::http
