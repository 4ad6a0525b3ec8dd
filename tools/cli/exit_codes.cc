#include "tools/cli/exit_codes.h"

#include <algorithm>

#include "absl/strings/str_cat.h"

namespace stablecut::cli {

int ExitCodeFor(absl::StatusCode code) {
  switch (code) {
    case absl::StatusCode::kOk:
      return kExitOk;
    case absl::StatusCode::kInvalidArgument:
      return kExitUsage;
    case absl::StatusCode::kUnavailable:
    case absl::StatusCode::kDeadlineExceeded:
      return kExitUnavailable;
    case absl::StatusCode::kPermissionDenied:
    case absl::StatusCode::kUnauthenticated:
      return kExitPermission;
    default:
      return kExitRefused;
  }
}

std::string ErrorLine(absl::Status const& status) {
  std::string message(status.message());
  std::replace(message.begin(), message.end(), '\n', ' ');
  // StatusCodeToString gives "FAILED_PRECONDITION", the name gRPC and buf curl print too.
  return absl::StrCat("stablecut: ", absl::StatusCodeToString(status.code()), ": ", message,
                      "\n");
}

}  // namespace stablecut::cli
