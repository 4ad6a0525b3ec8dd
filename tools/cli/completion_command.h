#pragma once
// `stablecut completion bash`: a bash completion script written from the command line's own
// definition (its commands, options and which take values), so it never falls behind it.

#include <string>

#include "tools/cli/command.h"

namespace stablecut::cli {

// The script, from `app`'s commands and options.
std::string BashCompletion(CLI::App const& app);

// Adds `completion` to `app`; call it last, so that every other command is there to list.
void AddCompletionCommand(CLI::App& app, Invocation& invocation, Action& chosen);

}  // namespace stablecut::cli
