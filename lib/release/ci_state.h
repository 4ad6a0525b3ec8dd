#pragma once
// Whether a commit's CI is fully green, from its combined status and check runs.

#include <string>
#include <vector>

#include "lib/github/types.h"

namespace stablecut::release {

enum class CiState { kGreen, kPending, kRed };

struct CiVerdict {
  CiState state = CiState::kPending;
  std::string reason;  // for a person: "red: check run \"tests\" concluded failure"
};

// Green: combined status success (or no statuses at all: GitHub then says pending with
// total_count 0), every check run completed with success, neutral or skipped, and every
// required check present (docs/reference/github.md §8). Red beats pending.
CiVerdict EvaluateCi(github::CombinedStatus const& status,
                     std::vector<github::CheckRun> const& check_runs,
                     std::vector<std::string> const& required_checks);

}  // namespace stablecut::release
