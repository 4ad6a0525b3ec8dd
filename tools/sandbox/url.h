#pragma once
// Percent-encoding for the URLs the sandbox writes (link headers, redirects).

#include <map>
#include <string>

#include "absl/strings/string_view.h"

namespace stablecut::sandbox {

// Encodes everything but RFC 3986 unreserved characters.
std::string EncodeComponent(absl::string_view text);
// Encodes a path, keeping its '/' separators.
std::string EncodePath(absl::string_view path);
// "a=1&b=x%20y" from the parameters, in their order.
std::string EncodeQuery(std::multimap<std::string, std::string> const& params);

}  // namespace stablecut::sandbox
