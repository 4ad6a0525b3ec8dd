#pragma once
// A candidate's wheels as release assets: what the seeds attach and what build.yml uploads.

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "tools/sandbox/state.h"

namespace stablecut::sandbox {

// The distributions every widgets candidate carries, as named in METADATA.
std::vector<std::string> const& CandidateDistributions();

// Writes `distribution`'s wheel of `version` (wheel_writer.h) to `path` and returns it as an
// asset with id `id`, GitHub's `digest` and created_at/updated_at `at`, as the uploads API
// would record it.
absl::StatusOr<Asset> WriteWheelAsset(int64_t id, std::string const& path,
                                      std::string const& distribution, std::string const& version,
                                      std::string const& at);

}  // namespace stablecut::sandbox
