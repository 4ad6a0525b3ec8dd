#pragma once
// Verdicts as a table with a mark per check (✓ pass, ✗ fail, ? inconclusive) and its detail.

#include <string>

#include "stablecut/v1/verifier.pb.h"
#include "tools/cli/style.h"

namespace stablecut::cli {

// "✓", "✗" or "?", coloured green, red or yellow when the style has colours.
std::string Mark(v1::Check const& check, Style const& style);

// A headline (tag, state, commit, previous stable, approved or not), then one row per check:
// mark, name, detail.
std::string RenderVerdict(v1::Verdict const& verdict, Style const& style);

// The approved candidate's verdict, then one line per newer rejected candidate with the
// checks that did not pass.
std::string RenderPick(v1::PickCandidateResponse const& response, Style const& style);

// "age FAIL, objections INCONCLUSIVE": the checks that did not pass; "" when all did.
std::string NotPassed(v1::Verdict const& verdict);

}  // namespace stablecut::cli
