#pragma once
// The errors http::Client ends a call with when it gives up: one wording for every service.

#include <string>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "lib/http/attempt_outcome.h"

namespace stablecut::http {

// What the messages name. Never holds the credential; `url` is already redacted (UrlForLog).
struct CallSummary {
  std::string service;    // "GitHub" (or the host)
  std::string operation;  // "POST releases" (or the method)
  std::string url;
  int attempts = 0;
  absl::Duration elapsed;
  std::string last_reason;  // empty before any attempt
};

// DEADLINE_EXCEEDED: "GitHub POST releases: deadline exceeded after 2.1s (2 attempts; last:
// 503) on <url>".
absl::Status DeadlineExceeded(CallSummary const& call);

// CANCELLED: "GitHub POST releases cancelled by the caller after 0.3s (1 attempt; last: …)".
absl::Status CancelledByCaller(CallSummary const& call);

// UNAVAILABLE once retrying stops (attempts, time, or a wait past the deadline or the
// policy's max_delay), saying when to try again:
//   "GitHub POST releases: rate limited (secondary rate limit, 403) after 3 attempts in 2s on
//    <url>; try again after 2026-12-01 17:05:00 UTC (in 60s)"
//   "GitHub unavailable after 5 attempts in 12s (503) on POST releases <url>; try again later"
// `now` dates the server's requested delay. `may_have_been_sent`: a write failed after it may
// have reached the server, so it was not retried and the caller must look before resending.
absl::Status RetriesExhausted(CallSummary const& call, AttemptOutcome const& last, absl::Time now,
                              bool may_have_been_sent);

}  // namespace stablecut::http
