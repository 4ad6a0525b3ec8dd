#pragma once
// The demo world of --seed=demo: project stablecut-demo/widgets (commits with green, pending
// and red CI, an LLVM submodule pin, P0 regressions, a hold, a stable release and candidates
// of several ages with real wheels) and its upstream llvm/llvm-project.

#include <cstdint>
#include <functional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "tools/sandbox/state.h"

namespace stablecut::sandbox {

inline constexpr char kDemoOwner[] = "stablecut-demo";
inline constexpr char kDemoRepo[] = "widgets";

// Builds the demo state with times relative to `now`. Each asset's bytes are written to
// blob_path(asset_id).
absl::StatusOr<State> BuildDemoState(absl::Time now,
                                     std::function<std::string(int64_t)> const& blob_path);

}  // namespace stablecut::sandbox
