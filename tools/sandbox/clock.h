#pragma once
// The sandbox's notion of now: the wall clock moved by an offset that tests control.

#include <atomic>
#include <cstdint>
#include <string>

#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace stablecut::sandbox {

class Clock {
 public:
  absl::Time Now() const { return absl::Now() + absl::Seconds(offset_seconds_.load()); }
  int64_t offset_seconds() const { return offset_seconds_.load(); }
  void set_offset_seconds(int64_t offset) { offset_seconds_.store(offset); }

 private:
  std::atomic<int64_t> offset_seconds_{0};
};

// "2025-03-01T12:00:00Z": the only time format the sandbox writes.
std::string FormatRfc3339(absl::Time time);
// Parses RFC 3339 ("2025-03-01T12:00:00Z", offsets allowed); false when it is not.
bool ParseRfc3339(std::string const& text, absl::Time* time);

}  // namespace stablecut::sandbox
