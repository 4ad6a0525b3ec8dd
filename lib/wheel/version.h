#pragma once
// PEP 440 versions: normalizing them and telling whether two name the same release.

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace stablecut::wheel {

// The normalized form of a PEP 440 version, as packaging's str(Version(v)) writes it:
// "1.0.0-rc1" -> "1.0.0rc1", "v1.0.post" -> "1.0.post0", "2.0-dev_3" -> "2.0.dev3",
// "1.0+Local_Ver" -> "1.0+local.ver". Case-insensitive; surrounding spaces ignored.
// INVALID_ARGUMENT naming the text when it is not a PEP 440 version.
absl::StatusOr<std::string> NormalizeVersion(absl::string_view version);

// Whether `a` and `b` name the same PEP 440 version, as packaging's Version equality
// decides: spelling is normalized and trailing ".0" release components do not count
// ("1.0" == "1.0.0", "1.0.0-rc1" == "1.0rc1"). INVALID_ARGUMENT when either is not a
// version.
absl::StatusOr<bool> SameVersion(absl::string_view a, absl::string_view b);

}  // namespace stablecut::wheel
