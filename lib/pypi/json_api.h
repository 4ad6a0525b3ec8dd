#pragma once
// PyPI's JSON API: the files of one release, from GET /pypi/<project>/<version>/json.

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace stablecut::pypi {

// Largest JSON API body parsed. A release's document is kilobytes (the description
// dominates); a project's full history stays well below this.
inline constexpr size_t kMaxJsonApiBodyBytes = 16 * 1024 * 1024;

// One entry of `urls[]` (docs/reference/pypi.md §8).
struct PypiFile {
  std::string filename;
  std::string sha256;          // digests.sha256, lowercase hex
  int64_t size = 0;            // bytes
  std::string packagetype;     // "bdist_wheel", "sdist"
  std::string python_version;  // the upload's pyversion: "py3", "source"
  bool yanked = false;
  std::string upload_time;  // "YYYY-MM-DDTHH:MM:SS", UTC
  std::string url;
};

// Parses the body of GET /pypi/<project>/<version>/json into its files. Unknown fields
// are ignored; a missing or null optional field (packagetype, python_version, yanked,
// upload_time, url) is left empty. INVALID_ARGUMENT, naming "PyPI JSON API" and the
// field, when the body is larger than kMaxJsonApiBodyBytes, is not JSON, has no `urls`
// array, or an entry lacks a filename, a 64-hex-digit digests.sha256 or a non-negative
// integer size, or holds a field of the wrong type.
absl::StatusOr<std::vector<PypiFile>> ParseReleaseFiles(absl::string_view json_body);

// Parses the body of GET /pypi/<project>/json into the bytes the project holds: the sizes of
// every file of every release in `releases`, yanked ones too (PyPI still stores them, and
// counts them against the project's size limit). INVALID_ARGUMENT, naming "PyPI JSON API"
// and the field, for a body as above, no `releases` object, or a file without a
// non-negative integer size.
absl::StatusOr<int64_t> ParseProjectBytes(absl::string_view json_body);

}  // namespace stablecut::pypi
