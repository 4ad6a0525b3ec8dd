#pragma once
// Small but valid pure-Python wheels for the demo releases, written with libzip.

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"

namespace stablecut::sandbox {

struct WrittenWheel {
  std::string file_name;  // "widgets-20250301.1-py3-none-any.whl"
  int64_t size = 0;
  std::string sha256;  // lowercase hex
};

// Writes `<dist>-<version>-py3-none-any.whl` to `path`: one module, and a dist-info with
// METADATA, WHEEL and RECORD (hashes and sizes), as the wheel spec asks. `distribution` is
// the project name as in METADATA ("widgets-runtime"). Byte-for-byte reproducible.
absl::StatusOr<WrittenWheel> WriteWheel(std::string const& path, std::string const& distribution,
                                        std::string const& version);

}  // namespace stablecut::sandbox
