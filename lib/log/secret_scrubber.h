#pragma once
// The one place that keeps secrets out of text leaving the process. Every secret the
// process holds (tokens read from files, credentials handed to clients) is registered once;
// log lines and every RPC status message pass through ScrubSecrets, so a secret echoed back
// by a server ("Bad credentials for <token>"), a proxy or a library never gets out.

#include <string>

#include "absl/strings/string_view.h"

namespace stablecut::log {

// The text that replaces a secret.
inline constexpr absl::string_view kRedacted = "[redacted]";

// Remembers `value` for the life of the process. Values shorter than 8 bytes are not
// registered: scrubbing them would mangle ordinary text, and no real credential is that short.
// Thread-safe.
void RegisterSecret(std::string const& value);

// `text` with every registered secret replaced by kRedacted. Thread-safe; cheap when
// nothing is registered.
std::string ScrubSecrets(absl::string_view text);

}  // namespace stablecut::log
