#pragma once
// `propose TAG`: the candidate's release proposal (CandidateService.ProposeCandidate).

#include "tools/cli/command.h"

namespace stablecut::cli {

void AddProposeCommand(CLI::App& app, Invocation const& invocation, Action& chosen);

}  // namespace stablecut::cli
