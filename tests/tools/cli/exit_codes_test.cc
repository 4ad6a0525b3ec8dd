#include "tools/cli/exit_codes.h"

#include <gtest/gtest.h>

namespace stablecut::cli {
namespace {

TEST(ExitCodes, FollowWhatTheCallerShouldDoNext) {
  struct Case {
    absl::StatusCode code;
    int exit_code;
  } const cases[] = {
      {absl::StatusCode::kOk, 0},
      {absl::StatusCode::kFailedPrecondition, 1},
      {absl::StatusCode::kAborted, 1},
      {absl::StatusCode::kNotFound, 1},
      {absl::StatusCode::kDataLoss, 1},
      {absl::StatusCode::kInvalidArgument, 2},
      {absl::StatusCode::kUnavailable, 3},
      {absl::StatusCode::kDeadlineExceeded, 3},
      {absl::StatusCode::kPermissionDenied, 4},
      {absl::StatusCode::kUnauthenticated, 4},
  };
  for (auto const& c : cases) {
    SCOPED_TRACE(absl::StatusCodeToString(c.code));
    EXPECT_EQ(ExitCodeFor(c.code), c.exit_code);
  }
}

TEST(ExitCodes, TheErrorIsOneLineWithTheCodeName) {
  EXPECT_EQ(ErrorLine(absl::FailedPreconditionError("not approved:\nage FAIL")),
            "stablecut: FAILED_PRECONDITION: not approved: age FAIL\n");
}

}  // namespace
}  // namespace stablecut::cli
