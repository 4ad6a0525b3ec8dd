#include "lib/release/asset_patterns.h"

#include <fnmatch.h>

namespace stablecut::release {

std::vector<std::string> MissingPatterns(std::vector<std::string> const& patterns,
                                         std::vector<github::ReleaseAsset> const& assets) {
  std::vector<std::string> missing;
  for (auto const& pattern : patterns) {
    bool matched = false;
    for (auto const& asset : assets) {
      matched = matched || fnmatch(pattern.c_str(), asset.name.c_str(), 0) == 0;
    }
    if (!matched) missing.push_back(pattern);
  }
  return missing;
}

absl::Status ValidateAssetPattern(std::string const& pattern) {
  if (pattern.empty() || pattern.find('/') != std::string::npos) {
    return absl::InvalidArgumentError("must be a non-empty file-name pattern without '/'");
  }
  return absl::OkStatus();
}

}  // namespace stablecut::release
