#pragma once
// The time service code reads, behind an interface: the real clock in binaries, a fake one
// (fake_clock.h) in tests, so that what depends on the date or on elapsed time can be
// tested without waiting or racing midnight.

#include "absl/time/time.h"

namespace stablecut::clock {

// Implementations are thread-safe.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual absl::Time Now() const = 0;
};

// absl::Now().
class RealClock : public Clock {
 public:
  absl::Time Now() const override;
};

}  // namespace stablecut::clock
