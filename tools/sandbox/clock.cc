// Time formatting for the sandbox clock.
#include "tools/sandbox/clock.h"

namespace stablecut::sandbox {

std::string FormatRfc3339(absl::Time time) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", time, absl::UTCTimeZone());
}

bool ParseRfc3339(std::string const& text, absl::Time* time) {
  std::string error;
  return absl::ParseTime(absl::RFC3339_full, text, time, &error);
}

}  // namespace stablecut::sandbox
