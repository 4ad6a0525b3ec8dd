#pragma once
// Decides whether a finished HTTP attempt is tried again, and after how long.

#include <optional>
#include <string>

#include "absl/time/time.h"
#include "lib/http/response.h"

namespace stablecut::http {

struct AttemptOutcome {
  bool retryable = false;
  // Whether a request that is not idempotent may be retried too: the answer says nothing was
  // done (429, rate limits, 502/503/504), or the request never left (could not connect).
  bool retry_writes = false;
  bool rate_limited = false;  // 429, or GitHub's 403 rate limits
  // What the server asked for (Retry-After, X-RateLimit-Reset); else the backoff decides.
  std::optional<absl::Duration> server_delay;
  // "503", "rate limited (429)", "rate limited (secondary rate limit, 403)",
  // "Couldn't connect to server"…
  std::string reason;
};

// For an attempt that got an answer. 5xx, 429 and GitHub's rate limits (403/429 with
// Retry-After or X-RateLimit-Remaining: 0, or a "secondary rate limit" message) are retried;
// other 4xx are final (docs/reference/github.md §2).
AttemptOutcome ClassifyResponse(Response const& response, absl::Time now);

// For an attempt that got no answer: always retryable, but a write only when `nothing_sent`
// (the name did not resolve, or the connection was refused), because a write that may have
// reached the server could have been carried out.
AttemptOutcome ClassifyTransportFailure(std::string reason, bool nothing_sent);

}  // namespace stablecut::http
