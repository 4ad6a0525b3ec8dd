#pragma once
// The Content-Range header of a 206 answer (RFC 9110 §14.4), for checking that a ranged
// download got the bytes it asked for.

#include <cstdint>
#include <optional>

#include "absl/strings/string_view.h"

namespace stablecut::github {

struct ContentRange {
  int64_t first = 0;  // first byte, inclusive
  int64_t last = 0;   // last byte, inclusive
  std::optional<int64_t> complete_length;  // unset for "*"
};

// Parses "bytes <first>-<last>/<complete length or *>"; nullopt for anything else
// (another unit, an unsatisfied-range form "bytes */N", last < first, a length that does not
// cover `last`).
std::optional<ContentRange> ParseContentRange(absl::string_view value);

}  // namespace stablecut::github
