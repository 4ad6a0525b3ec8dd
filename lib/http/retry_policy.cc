#include "lib/http/retry_policy.h"

#include <algorithm>

namespace stablecut::http {

BackoffPolicy::BackoffPolicy(absl::Duration initial, absl::Duration maximum, double multiplier)
    : initial_(initial),
      maximum_(maximum),
      multiplier_(multiplier),
      current_(initial),
      random_(std::random_device{}()) {}

std::unique_ptr<BackoffPolicy> BackoffPolicy::Clone() const {
  return std::make_unique<BackoffPolicy>(initial_, maximum_, multiplier_);
}

absl::Duration BackoffPolicy::NextDelay() {
  // Full jitter: uniform in [current/2, current], so concurrent clients spread out.
  double upper = absl::ToDoubleSeconds(current_);
  std::uniform_real_distribution<double> jitter(upper / 2, upper);
  absl::Duration delay = absl::Seconds(jitter(random_));
  current_ = std::min(maximum_, current_ * multiplier_);
  return delay;
}

}  // namespace stablecut::http
