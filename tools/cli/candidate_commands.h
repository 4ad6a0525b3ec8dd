#pragma once
// `candidates list|show|cut|finalize`: the candidate service's reading and cutting.

#include "tools/cli/command.h"

namespace stablecut::cli {

void AddCandidateCommands(CLI::App& app, Invocation const& invocation, Action& chosen);

}  // namespace stablecut::cli
