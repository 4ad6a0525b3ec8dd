#pragma once
// How often a file named in a config (certificates, a token) is read again: one rule for
// every such setting, so they all read and refuse alike.

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace stablecut::config {

// "" is `fallback`, "0s" reads the files only at start, anything else must be a duration of
// at least one second. INVALID_ARGUMENT with what to write, naming `what_is_read` ("the
// certificate files", "the token file").
absl::StatusOr<absl::Duration> ParseReloadInterval(absl::string_view text,
                                                   absl::Duration fallback,
                                                   absl::string_view what_is_read);

}  // namespace stablecut::config
