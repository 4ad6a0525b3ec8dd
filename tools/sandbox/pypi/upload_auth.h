#pragma once
// Decides whether an upload's Authorization header carries the sandbox's API token, as
// warehouse's macaroon and basic-auth policies do (docs/reference/pypi.md §2).

#include <string>

#include "absl/strings/string_view.h"

namespace stablecut::sandbox::pypi {

enum class UploadIdentity {
  kToken,             // Basic __token__:<token>, or "token <token>" / "bearer <token>"
  kNone,              // missing, malformed, or a wrong token
  kPasswordUsername,  // Basic auth with a username other than __token__
};

UploadIdentity IdentifyUploader(absl::string_view authorization, absl::string_view token);

// The 403 message warehouse gives for an identity that may not upload; "" for kToken.
std::string ForbiddenMessage(UploadIdentity identity);

// What the state dump records about the caller (never the token itself).
std::string DescribeIdentity(UploadIdentity identity);

}  // namespace stablecut::sandbox::pypi
