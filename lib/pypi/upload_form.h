#pragma once
// The form fields of a PyPI upload (POST /legacy/), built from a wheel or an sdist as twine
// does.

#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "lib/wheel/metadata.h"
#include "lib/wheel/wheel_filename.h"

namespace stablecut::pypi {

// (name, value) pairs in sending order; a name repeats for a multi-valued field.
using FormFields = std::vector<std::pair<std::string, std::string>>;

// What the form says the file is, as twine sends it.
struct FileType {
  std::string filetype;   // "bdist_wheel" or "sdist"
  std::string pyversion;  // a wheel's python tags joined by "." ("py3"); "source" for an sdist
};

// The file type of `filename`, a wheel (".whl") or an sdist (".tar.gz"), after checking that
// its name parses and matches the project and version in `metadata` (as PyPI does before
// accepting it). INVALID_ARGUMENT saying what is wrong; a ".zip" sdist is refused, as PyPI
// no longer takes them (PEP 625).
absl::StatusOr<FileType> FileTypeOf(absl::string_view filename, wheel::Metadata const& metadata);

// The fields twine sends for a wheel or an sdist (docs/reference/pypi.md §3), in its order:
// the file's known metadata fields in METADATA / PKG-INFO order (form name = lowercased header with
// "-" -> "_"; "classifiers" and "project_urls" plural; "name" with runs outside
// [A-Za-z0-9.] -> "-"; "keywords" joined by ", "; "license_file" only from
// Metadata-Version 2.4; values "UNKNOWN" and empty values left out), then "pyversion"
// and "filetype" (`type`), "sha256_digest",
// "md5_digest" when `md5_hex` is not empty, ":action" = "file_upload" and
// "protocol_version" = "1". The file part "content" is the uploader's.
// Headers PyPI does not read are not sent. Does not check that the filename matches the
// metadata (FileTypeOf does).
// INVALID_ARGUMENT when Metadata-Version, Name or Version is missing, or a digest is not
// hex of the right length.
absl::StatusOr<FormFields> UploadFormFields(wheel::Metadata const& metadata,
                                            FileType const& type,
                                            absl::string_view sha256_hex,
                                            absl::string_view md5_hex);

}  // namespace stablecut::pypi
