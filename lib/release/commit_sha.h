#pragma once
// Commit ids as callers pass them: only a full 40-hex-digit sha names one commit for good
// (a branch or a short sha can mean another commit tomorrow).

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace stablecut::release {

bool IsFullSha(absl::string_view text);

// The sha in lower case; INVALID_ARGUMENT naming `field` and the rule otherwise.
absl::StatusOr<std::string> ParseCommitSha(absl::string_view field, absl::string_view text);

// The first 7 digits, for messages.
std::string ShortSha(absl::string_view sha);

}  // namespace stablecut::release
