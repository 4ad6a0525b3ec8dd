#pragma once
// Commands that run Debian's twine and pip against a sandbox PyPI, isolated from the
// machine's pip and twine settings, and a runner that logs their output.

#include <string>
#include <vector>

#include "tests/testing/subprocess.h"

namespace stablecut::sandbox::testing {

// Runs /usr/bin/twine to upload `wheel` to `upload_url` (".../legacy/") as __token__ with
// `password`: non-interactive, no progress bar, a terminal wide enough that rich does not
// wrap twine's messages. `extra` flags (--verbose, --skip-existing) go before the file.
std::vector<std::string> TwineUploadCommand(std::string const& upload_url,
                                            std::string const& password,
                                            std::string const& wheel,
                                            std::vector<std::string> const& extra = {});

// Runs Debian's pip (/usr/bin/python3 -m pip) to download `requirement` alone into `into`
// from the index at `simple_url` (".../simple/") and nowhere else: no cache, no config
// files, no PIP_FIND_LINKS or extra index from the environment (CI machines set them).
std::vector<std::string> PipDownloadCommand(std::string const& simple_url,
                                            std::string const& into,
                                            std::string const& requirement);

// Runs `command` to completion (90 s at most) with its output logged at `log_path`; a test
// failure, and exit_code -1, when it cannot be run.
stablecut::testing::CommandResult RunClient(std::vector<std::string> const& command,
                                            std::string const& log_path);

}  // namespace stablecut::sandbox::testing
