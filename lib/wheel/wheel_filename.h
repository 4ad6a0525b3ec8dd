#pragma once
// Wheel and sdist filenames: parsing them safely, PEP 503 names, matching a release.

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace stablecut::wheel {

// Longest filename accepted (the usual filesystem limit for one path component).
inline constexpr size_t kMaxFilenameLength = 255;

// The parts of `{distribution}-{version}(-{build tag})?-{python}-{abi}-{platform}.whl`
// (the binary distribution format specification, formerly PEP 427).
struct WheelFilename {
  std::string distribution;  // as written: "numpy", "demo_pkg"
  std::string version;       // as written: "1.26.0"
  std::string build_tag;     // "" when absent; otherwise starts with a digit
  // Compressed tag sets split on ".": "py2.py3" -> {"py2", "py3"}.
  std::vector<std::string> python_tags, abi_tags, platform_tags;
};

// Parses a wheel's filename (a bare name, never a path). INVALID_ARGUMENT saying why
// when it contains a path separator, "..", a control character, an empty part, has
// other than 5 or 6 dash-separated parts, does not end in ".whl", is longer than
// kMaxFilenameLength, or its distribution, version, build tag or tags are malformed.
absl::StatusOr<WheelFilename> ParseWheelFilename(absl::string_view filename);

// The parts of an sdist's `{name}-{version}.tar.gz`.
struct SdistFilename {
  std::string distribution;
  std::string version;
};

// Parses an sdist's filename; the version is what follows the last "-". Same safety
// rules and errors as ParseWheelFilename.
absl::StatusOr<SdistFilename> ParseSdistFilename(absl::string_view filename);

// The PEP 503 normalized project name: lowercase, runs of "-", "_", "." -> "-".
std::string NormalizeProjectName(absl::string_view name);

// OK when the wheel belongs to `project_name` (compared PEP 503-normalized) and to
// `version` (compared as PEP 440 versions: "1.0.0-rc1" matches "1.0.0rc1"), as PyPI
// checks before accepting an upload. INVALID_ARGUMENT saying which part differs.
absl::Status CheckWheelMatches(WheelFilename const& wheel, absl::string_view project_name,
                               absl::string_view version);

// The same check for an sdist, whose errors say "sdist".
absl::Status CheckSdistMatches(SdistFilename const& sdist, absl::string_view project_name,
                               absl::string_view version);

}  // namespace stablecut::wheel
