#include "lib/clock/clock.h"

#include "absl/time/clock.h"

namespace stablecut::clock {

absl::Time RealClock::Now() const { return absl::Now(); }

}  // namespace stablecut::clock
