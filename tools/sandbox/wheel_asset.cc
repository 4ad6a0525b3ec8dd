// Wheels written as release assets.
#include "tools/sandbox/wheel_asset.h"

#include "tools/sandbox/wheel_writer.h"

namespace stablecut::sandbox {

std::vector<std::string> const& CandidateDistributions() {
  static auto const* distributions = new std::vector<std::string>{"widgets", "widgets-runtime"};
  return *distributions;
}

absl::StatusOr<Asset> WriteWheelAsset(int64_t id, std::string const& path,
                                      std::string const& distribution, std::string const& version,
                                      std::string const& at) {
  auto wheel = WriteWheel(path, distribution, version);
  if (!wheel.ok()) return wheel.status();
  Asset asset;
  asset.id = id;
  asset.name = wheel->file_name;
  asset.content_type = "application/octet-stream";
  asset.size = wheel->size;
  asset.digest = "sha256:" + wheel->sha256;
  asset.created_at = asset.updated_at = at;
  return asset;
}

}  // namespace stablecut::sandbox
