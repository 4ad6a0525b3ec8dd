#pragma once
// The `stablecut` command line: parses the arguments (CLI11), runs the chosen command, and
// turns its outcome into one error line and an exit code.

#include "tools/cli/invocation.h"

namespace stablecut::cli {

// The version `stablecut --version` prints.
inline constexpr char kVersion[] = "0.1.0";

// Runs `stablecut argv[1..]` against `io`; returns the exit code (tools/cli/exit_codes.h).
int Run(int argc, char const* const* argv, Io const& io);

}  // namespace stablecut::cli
