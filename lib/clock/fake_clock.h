#pragma once
// A clock that tests set and move by hand; time stands still in between.

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "lib/clock/clock.h"

namespace stablecut::clock {

// Thread-safe: a test may move it while the code under test reads it.
class FakeClock : public Clock {
 public:
  // Starts at the Unix epoch unless told otherwise.
  explicit FakeClock(absl::Time start = absl::UnixEpoch()) : now_(start) {}

  absl::Time Now() const override;
  void Set(absl::Time now);
  // `by` may be negative: real wall clocks step back too.
  void Advance(absl::Duration by);

 private:
  mutable absl::Mutex mu_;
  absl::Time now_ ABSL_GUARDED_BY(mu_);
};

}  // namespace stablecut::clock
