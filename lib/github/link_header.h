#pragma once
// Reads GitHub's pagination `link` header: `<url>; rel="next", <url>; rel="last"`.

#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"

namespace stablecut::github {

// Maps each relation type (lowercased: "next", "prev", "first", "last", ...) to its URL,
// verbatim. A link with several types (`rel="next last"`) maps each of them; when two
// links claim one type the first wins. Tolerates whitespace; a malformed link is skipped
// and the rest still read, so garbage gives an empty or partial map. Pure, never fails.
absl::flat_hash_map<std::string, std::string> ParseLinkHeader(absl::string_view header);

// The URL of the next page, or "" when this is the last page (or there is no header).
// Follow it verbatim: GitHub's page URLs need not look like the first request's.
std::string NextPageUrl(absl::string_view link_header);

}  // namespace stablecut::github
