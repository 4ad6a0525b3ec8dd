#include "services/publisher/pypi_credential.h"

#include "absl/strings/str_cat.h"

namespace stablecut::publisher {

absl::StatusOr<http::Secret> TokenFileCredential::Fetch() const {
  auto token = http::ReadSecretFile(path_);
  if (!token.ok()) {
    return absl::FailedPreconditionError(
        absl::StrCat(role_, " cannot be read: ", token.status().message(),
                     "; fix the file and publish again (nothing was uploaded)"));
  }
  return token;
}

}  // namespace stablecut::publisher
