#include "lib/config/reload_interval.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace stablecut::config {

absl::StatusOr<absl::Duration> ParseReloadInterval(absl::string_view text,
                                                   absl::Duration fallback,
                                                   absl::string_view what_is_read) {
  if (text.empty()) return fallback;
  absl::Duration interval;
  if (!absl::ParseDuration(text, &interval) ||
      (interval != absl::ZeroDuration() && interval < absl::Seconds(1))) {
    return absl::InvalidArgumentError(
        absl::StrCat("\"", text, "\" is not a duration of at least 1s (try \"60s\"; \"0s\" reads ",
                     what_is_read, " only at start)"));
  }
  return interval;
}

}  // namespace stablecut::config
