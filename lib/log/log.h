#pragma once
// Structured log events (a fixed event name plus named fields), as text or JSON lines on stderr.

#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace stablecut::log {

enum class Format { kText, kJson };
enum class Level { kDebug, kInfo, kWarn, kError };

// "text" or "json"; INVALID_ARGUMENT otherwise.
absl::StatusOr<Format> ParseFormat(absl::string_view name);

// Sends every log line to stderr in `format`, timestamps in UTC. Call once, early in main.
void SetUp(Format format);

// Named fields of an event; names are stable (method, caller, code, latency_ms, ...).
using Fields = std::vector<std::pair<std::string, std::string>>;

// Logs one event. Text: `<time> <level> <event> name=value ...` (values with spaces or
// quotes are quoted). JSON: `{"time":…,"level":…,"event":…,"name":"value",…}`.
// Never pass a secret's value as a field.
void Event(Level level, absl::string_view event, Fields const& fields = {});

// The payload of an event line in `format` (without time and level).
std::string FormatEvent(Format format, absl::string_view event, Fields const& fields);

}  // namespace stablecut::log
