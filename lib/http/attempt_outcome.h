#pragma once
// Decides whether a finished HTTP attempt is tried again, and after how long.

#include <optional>
#include <string>

#include "absl/time/time.h"
#include "lib/http/response.h"

namespace stablecut::http {

struct AttemptOutcome {
  bool retryable = false;
  // What the server asked for (Retry-After, X-RateLimit-Reset); else the backoff decides.
  std::optional<absl::Duration> server_delay;
  std::string reason;  // "503", "429", "rate limited (403)", "connection reset"…
};

// For an attempt that got an answer. 5xx, 429 and GitHub's rate limits (403/429 with
// Retry-After or X-RateLimit-Remaining: 0, or a "secondary rate limit" message) are retried;
// other 4xx are final (docs/reference/github.md §2).
AttemptOutcome ClassifyResponse(Response const& response, absl::Time now);

}  // namespace stablecut::http
