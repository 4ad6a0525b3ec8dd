#pragma once
// The CLI's config file: `key = value` lines with `#` comments, keys as the flag names.

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace stablecut::cli {

// Parses `text`, read from `path` (named in errors). Blank lines and lines whose first
// non-blank character is `#` are skipped; a `#` after a value is part of it (file paths may
// hold one). Whitespace around keys and values is dropped. INVALID_ARGUMENT "path:line: ..."
// for a line without `=`, an empty key or value, a key given twice, or a key not in
// `known_keys` (a typo must not silently leave a setting to another source).
absl::StatusOr<std::map<std::string, std::string>> ParseConfigFile(
    absl::string_view text, absl::string_view path,
    std::vector<std::string> const& known_keys);

// Reads and parses the file at `path`. A file that does not exist is an empty config (the
// file is optional); one that exists but cannot be read is INVALID_ARGUMENT naming it.
absl::StatusOr<std::map<std::string, std::string>> LoadConfigFile(
    std::string const& path, std::vector<std::string> const& known_keys);

}  // namespace stablecut::cli
