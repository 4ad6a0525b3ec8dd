#pragma once
// GitHub's primary rate limit: 5,000 requests an hour for the token's user, 60 for
// anonymous callers; 304 answers do not count (docs/reference/github.md §2, §3).

#include <cstdint>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "tools/sandbox/tokens.h"

namespace stablecut::sandbox {

struct RateLimitWindow {
  int64_t limit = 0;
  int64_t remaining = 0;
  int64_t used = 0;
  int64_t reset_epoch_seconds = 0;
};

class RateLimiter {
 public:
  // The caller's window as it stands, without counting a request.
  RateLimitWindow Peek(Access who, absl::Time now);
  // Counts one request (unless `counts` is false) and returns the window after it.
  RateLimitWindow Count(Access who, absl::Time now, bool counts);

 private:
  struct Bucket {
    int64_t limit = 0;
    int64_t used = 0;
    absl::Time reset = absl::InfinitePast();
  };
  Bucket& BucketFor(Access who) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  static RateLimitWindow Window(Bucket& bucket, absl::Time now);

  absl::Mutex mu_;
  Bucket user_ ABSL_GUARDED_BY(mu_){5000};
  Bucket anonymous_ ABSL_GUARDED_BY(mu_){60};
};

}  // namespace stablecut::sandbox
