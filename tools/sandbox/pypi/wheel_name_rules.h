#pragma once
// The wheel filename checks warehouse makes, with its texts: packaging's
// parse_wheel_filename errors and the allow-list of platform tags.

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "tools/sandbox/pypi/pep440.h"

namespace stablecut::sandbox::pypi {

struct ParsedWheelName {
  std::string name_part;  // as written before the first "-": "Demo_Pkg"
  std::string name;       // PEP 503 normalized: "demo-pkg"
  Pep440Version version;
  std::vector<std::string> platform_tags;  // lowercased, as packaging's Tag holds them
};

// packaging.utils.parse_wheel_filename: INVALID_ARGUMENT whose message is packaging's
// InvalidWheelFilename text, e.g. "Invalid wheel filename (wrong number of parts): 'foo-1.0'".
// (lib/wheel's ParseWheelFilename is stricter and words its errors differently; warehouse's
// clients see packaging's words, so the sandbox keeps this copy of the rules.)
absl::StatusOr<ParsedWheelName> ParseWheelNameAsPackaging(absl::string_view filename);

// Whether PyPI accepts a wheel with this platform tag (warehouse's _valid_platform_tag).
bool IsAllowedPlatformTag(absl::string_view tag);

}  // namespace stablecut::sandbox::pypi
