#pragma once
// GoogleTest matchers for absl::Status and absl::StatusOr (Abseil 20220623 ships none).

#include <gmock/gmock.h>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace stablecut::testing {

inline absl::Status const& GetStatus(absl::Status const& status) { return status; }
template <typename T>
absl::Status const& GetStatus(absl::StatusOr<T> const& status_or) {
  return status_or.status();
}

MATCHER(IsOk, "is OK") {
  auto const& status = GetStatus(arg);
  if (!status.ok()) *result_listener << "status is " << status.ToString();
  return status.ok();
}

MATCHER_P2(StatusIs, code, message_matcher,
           "has code " + absl::StatusCodeToString(code) + " and a matching message") {
  auto const& status = GetStatus(arg);
  *result_listener << "status is " << status.ToString();
  return status.code() == code &&
         ::testing::ExplainMatchResult(message_matcher, std::string(status.message()),
                                       result_listener);
}

}  // namespace stablecut::testing
