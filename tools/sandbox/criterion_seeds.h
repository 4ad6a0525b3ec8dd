#pragma once
// The per-criterion seeds of --seed=NAME: one small stablecut-demo/widgets (and its upstream
// llvm/llvm-project) whose one newest pre-release candidate fails exactly one of the
// verifier's checks and passes all the others, plus "passes-all", the base they vary, whose
// candidate passes every check; and the objection seeds, the base with a release proposal
// issue and objections in its comments. See criterion_seeds.cc for the story.

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "tools/sandbox/state.h"

namespace stablecut::sandbox {

// The integrator's list in stablecut-demo/integrator (main), served raw at
// /github-web/stablecut-demo/integrator/raw/main/<this>.
inline constexpr char kIntegratedCommitsPath[] = "llvm-integrated.txt";

// The check names that have a seed "fails-<check>", in the verdict's order.
std::vector<std::string> const& CriterionSeedChecks();
// "passes-all", every "fails-<check>" and the objection seeds (objection_seeds.h).
std::vector<std::string> const& CriterionSeedNames();
bool IsCriterionSeed(std::string const& name);

// Builds the seed `name` (IsCriterionSeed) with times relative to `now`. Each asset's bytes
// are written to blob_path(asset_id).
absl::StatusOr<State> BuildCriterionState(std::string const& name, absl::Time now,
                                          std::function<std::string(int64_t)> const& blob_path);

}  // namespace stablecut::sandbox
