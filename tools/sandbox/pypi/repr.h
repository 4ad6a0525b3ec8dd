// A value quoted as PyPI's upload errors show it (Python's repr() of a plain string).
#ifndef STABLECUT_TOOLS_SANDBOX_PYPI_REPR_H_
#define STABLECUT_TOOLS_SANDBOX_PYPI_REPR_H_

#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace stablecut::sandbox::pypi {

inline std::string Repr(absl::string_view text) { return absl::StrCat("'", text, "'"); }

}  // namespace stablecut::sandbox::pypi

#endif  // STABLECUT_TOOLS_SANDBOX_PYPI_REPR_H_
