#pragma once
// The expected assets of a release, as glob patterns (fnmatch) over asset names: which are
// still missing, and which patterns are acceptable in a config.

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "lib/github/types.h"

namespace stablecut::release {

// The patterns no asset name matches, in the order given.
std::vector<std::string> MissingPatterns(std::vector<std::string> const& patterns,
                                         std::vector<github::ReleaseAsset> const& assets);

// INVALID_ARGUMENT unless `pattern` is a non-empty file-name pattern without '/': asset
// names never hold a path, so such a pattern could never match.
absl::Status ValidateAssetPattern(std::string const& pattern);

}  // namespace stablecut::release
