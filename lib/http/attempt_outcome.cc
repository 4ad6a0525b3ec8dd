#include "lib/http/attempt_outcome.h"

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

  if (status >= 500 || status == 429) {
    outcome.retryable = true;
    outcome.reason = absl::StrCat(status);
  } else if (status == 403 && (retry_after || until_reset || secondary_limit)) {
    // A 403 without these signals is a permission error: retrying cannot help.
    outcome.retryable = true;
    outcome.reason = "rate limited (403)";
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

}  // namespace stablecut::http
