#include "lib/http/attempt_outcome.h"

#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace stablecut::http {
namespace {

std::optional<absl::Duration> RetryAfter(Response const& response) {
  int64_t seconds = 0;
  std::string value(absl::StripAsciiWhitespace(response.Header("retry-after")));
  if (!value.empty() && absl::SimpleAtoi(value, &seconds) && seconds >= 0) {
    return absl::Seconds(seconds);
  }
  return std::nullopt;  // HTTP-date form: rare from GitHub and PyPI; the backoff decides
}

std::optional<absl::Duration> UntilRateLimitReset(Response const& response, absl::Time now) {
  if (absl::StripAsciiWhitespace(response.Header("x-ratelimit-remaining")) != "0") {
    return std::nullopt;
  }
  int64_t reset = 0;
  if (!absl::SimpleAtoi(absl::StripAsciiWhitespace(response.Header("x-ratelimit-reset")),
                        &reset)) {
    return std::nullopt;
  }
  absl::Duration wait = absl::FromUnixSeconds(reset) - now;
  return wait > absl::ZeroDuration() ? wait : absl::ZeroDuration();
}

}  // namespace

AttemptOutcome ClassifyResponse(Response const& response, absl::Time now) {
  AttemptOutcome outcome;
  long status = response.status;
  auto retry_after = RetryAfter(response);
  auto until_reset = UntilRateLimitReset(response, now);
  bool secondary_limit =
      absl::StrContains(absl::AsciiStrToLower(response.body), "secondary rate limit");

  if (status == 429 || (status == 403 && (retry_after || until_reset || secondary_limit))) {
    // A 403 without these signals is a permission error: retrying cannot help.
    outcome.retryable = true;
    outcome.retry_writes = true;  // a rate limit refuses before doing anything
    outcome.rate_limited = true;
    char const* kind = secondary_limit ? "secondary rate limit, "
                       : until_reset   ? "primary rate limit, "
                                       : "";
    outcome.reason = absl::StrCat("rate limited (", kind, status, ")");
  } else if (status >= 500) {
    outcome.retryable = true;
    // 502/503/504 say the service did not take the request (overloaded, or a gateway could
    // not reach it), so even a write is sent again; a 500 may have failed halfway through.
    // A 504 can still hide a write that went through upstream: a write that must not be
    // doubled needs the server's own guard (GitHub answers 422 already_exists).
    outcome.retry_writes = status == 502 || status == 503 || status == 504;
    outcome.reason = absl::StrCat(status);
  } else {
    return outcome;
  }
  if (retry_after) {
    outcome.server_delay = retry_after;
  } else if (until_reset) {
    outcome.server_delay = until_reset;
  } else if (secondary_limit) {
    // GitHub: without Retry-After, wait at least a minute after a secondary limit.
    outcome.server_delay = absl::Minutes(1);
  }
  return outcome;
}

AttemptOutcome ClassifyTransportFailure(std::string reason, bool nothing_sent) {
  AttemptOutcome outcome;
  outcome.retryable = true;
  outcome.retry_writes = nothing_sent;
  outcome.reason = std::move(reason);
  return outcome;
}

}  // namespace stablecut::http
