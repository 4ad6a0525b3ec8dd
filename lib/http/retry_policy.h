#pragma once
// When to give up retrying (attempts, time) and how long to wait between attempts.

#include <memory>
#include <random>

#include "absl/time/time.h"

namespace stablecut::http {

struct RetryPolicy {
  int max_attempts = 5;
  absl::Duration max_elapsed = absl::Seconds(60);
  // A server asking to wait longer than this (Retry-After, rate-limit reset) is given up on.
  absl::Duration max_delay = absl::Seconds(60);
};

// Exponential backoff with full jitter. Each call to Send clones its own, so one call's
// attempt count never leaks into the next, and copies get their own random stream.
class BackoffPolicy {
 public:
  BackoffPolicy(absl::Duration initial, absl::Duration maximum, double multiplier);
  std::unique_ptr<BackoffPolicy> Clone() const;
  absl::Duration NextDelay();

 private:
  absl::Duration initial_;
  absl::Duration maximum_;
  double multiplier_;
  absl::Duration current_;
  std::mt19937_64 random_;
};

}  // namespace stablecut::http
