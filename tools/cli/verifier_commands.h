#pragma once
// `verify TAG` and `pick`: the verifier's verdicts.

#include "tools/cli/command.h"

namespace stablecut::cli {

void AddVerifierCommands(CLI::App& app, Invocation const& invocation, Action& chosen);

}  // namespace stablecut::cli
