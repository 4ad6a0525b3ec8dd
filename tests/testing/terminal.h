#pragma once
// Runs a command on a pseudo-terminal, as a person at a terminal would: stdout and stderr
// are the terminal (isatty is true), and what it wrote comes back byte for byte, escapes
// and carriage returns included.

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "tests/testing/subprocess.h"

namespace stablecut::testing {

// `environment` is the child's whole environment ("NAME=value"); the terminal is `columns`
// wide. DEADLINE_EXCEEDED (the child killed) when it runs past `timeout`.
absl::StatusOr<CommandResult> RunInTerminal(std::vector<std::string> const& argv,
                                            std::vector<std::string> const& environment,
                                            int columns = 100,
                                            absl::Duration timeout = absl::Seconds(60));

}  // namespace stablecut::testing
