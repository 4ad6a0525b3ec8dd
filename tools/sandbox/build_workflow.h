#pragma once
// What the demo's build.yml does when it runs: builds the candidate's wheels at the
// dispatched `package_version` and uploads them to the draft `release_id`, as the real
// workflow does through the uploads API.

#include <cstdint>
#include <functional>
#include <string>

#include "absl/status/status.h"
#include "tools/sandbox/state.h"

namespace stablecut::sandbox {

inline constexpr char kBuildWorkflowPath[] = ".github/workflows/build.yml";

// Runs build.yml for `dispatch` on `state`: writes the wheels of CandidateDistributions()
// (wheel_asset.h) to blob_path(asset id) and attaches them to the dispatch's release,
// uploaded at `at`. All or nothing: INVALID_ARGUMENT for a missing or malformed input,
// FAILED_PRECONDITION when the release is gone, is no longer a draft, or already has an
// asset of a wheel's name (GitHub's 422 already_exists to the workflow's upload); then no
// asset is attached and no blob is left. The message says why, as the run's log would.
absl::Status RunBuildWorkflow(State& state, Dispatch const& dispatch, std::string const& at,
                              std::function<std::string(int64_t)> const& blob_path);

}  // namespace stablecut::sandbox
