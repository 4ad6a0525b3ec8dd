// Fuzzes the cron expression parser and, for an expression that parses, the search for
// its next run: strictly later, on a whole minute, and stable when parsed again.

#include <cstddef>
#include <cstdint>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "fuzz/fuzz_check.h"
#include "lib/schedule/cron.h"

using stablecut::schedule::CronSchedule;

extern "C" int LLVMFuzzerTestOneInput(uint8_t const* data, size_t size) {
  absl::string_view expression(reinterpret_cast<char const*>(data), size);
  auto schedule = CronSchedule::Parse(expression);
  if (!schedule.ok()) return 0;
  FUZZ_CHECK(schedule->expression() == expression);
  auto again = CronSchedule::Parse(schedule->expression());
  FUZZ_CHECK(again.ok());

  // A fixed start (no wall clock): 2026-02-27 23:58:30 UTC, near a month and leap edge.
  absl::Time const start = absl::FromUnixSeconds(1772236710);
  absl::Time next = schedule->NextAfter(start);
  if (next == absl::InfiniteFuture()) return 0;
  FUZZ_CHECK(next > start);
  FUZZ_CHECK(absl::ToUnixSeconds(next) % 60 == 0);
  FUZZ_CHECK(again->NextAfter(start) == next);
  // The run after a run is later still.
  absl::Time after = schedule->NextAfter(next);
  FUZZ_CHECK(after == absl::InfiniteFuture() || after > next);
  return 0;
}
