// Counts requests per caller in hourly windows.
#include "tools/sandbox/rate_limiter.h"

#include <algorithm>

namespace stablecut::sandbox {

RateLimiter::Bucket& RateLimiter::BucketFor(Access who) {
  return who == Access::kRead || who == Access::kWrite ? user_ : anonymous_;
}

RateLimitWindow RateLimiter::Window(Bucket& bucket, absl::Time now) {
  if (now >= bucket.reset) {
    bucket.used = 0;
    bucket.reset = now + absl::Hours(1);
  }
  RateLimitWindow window;
  window.limit = bucket.limit;
  window.used = bucket.used;
  window.remaining = std::max<int64_t>(0, bucket.limit - bucket.used);
  window.reset_epoch_seconds = absl::ToUnixSeconds(bucket.reset);
  return window;
}

RateLimitWindow RateLimiter::Peek(Access who, absl::Time now) {
  absl::MutexLock lock(&mu_);
  return Window(BucketFor(who), now);
}

RateLimitWindow RateLimiter::Count(Access who, absl::Time now, bool counts) {
  absl::MutexLock lock(&mu_);
  Bucket& bucket = BucketFor(who);
  Window(bucket, now);
  if (counts && bucket.used < bucket.limit) ++bucket.used;
  return Window(bucket, now);
}

}  // namespace stablecut::sandbox
