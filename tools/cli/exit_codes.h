#pragma once
// The CLI's exit codes, chosen by what the caller should do next, and its one error line.

#include <string>

#include "absl/status/status.h"

namespace stablecut::cli {

// Documented in tools/cli/README.md; scripts depend on them.
inline constexpr int kExitOk = 0;
inline constexpr int kExitRefused = 1;      // a check or precondition said no; other failures
inline constexpr int kExitUsage = 2;        // fix the command line, the settings or the input
inline constexpr int kExitUnavailable = 3;  // try again later (or start the service)
inline constexpr int kExitPermission = 4;   // fix the identity or the service's ACL

// 0 for OK; 2 INVALID_ARGUMENT; 3 UNAVAILABLE, DEADLINE_EXCEEDED; 4 PERMISSION_DENIED,
// UNAUTHENTICATED; 1 for every other code (FAILED_PRECONDITION, ABORTED, NOT_FOUND, ...).
int ExitCodeFor(absl::StatusCode code);

// "stablecut: FAILED_PRECONDITION: <message>\n": one line (newlines in the message become
// spaces, so that a script reading stderr line by line sees one error).
std::string ErrorLine(absl::Status const& status);

}  // namespace stablecut::cli
