#pragma once
// The multipart form of a legacy upload, and warehouse's checks of it before any
// project or file is looked at (docs/reference/pypi.md §3, §4 steps 2-5, §6).

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"
#include "tools/sandbox/pypi/pep440.h"
#include "tools/sandbox/pypi/upload_spool.h"

namespace stablecut::sandbox::pypi {

// The `content` file part, already spooled to disk.
struct UploadedContent {
  std::string filename;      // the part's filename: the stored name
  std::string content_type;  // the part's Content-Type
  std::string spool_path;
  std::uint64_t size = 0;
  bool too_large = false;  // more than the limit arrived (the spool holds a prefix)
  // False when the bytes were only hashed, not written (a re-upload of a stored file).
  bool spooled = true;
  FileDigests digests;
};

struct UploadForm {
  // Text fields in arrival order; repeated names repeat.
  std::vector<std::pair<std::string, std::string>> fields;
  // Names of parts other than `content` that came as files (warehouse refuses them).
  std::set<std::string> file_fields;
  std::optional<UploadedContent> content;

  // The first value of `name`, "" when absent.
  std::string Get(absl::string_view name) const;
  // Every non-blank value of `name`, stripped (wtforms' ListField).
  std::vector<std::string> GetAll(absl::string_view name) const;
  bool Has(absl::string_view name) const;
};

// A refusal: the HTTP status and warehouse's message.
struct UploadError {
  int status = 400;
  std::string message;
};

// Deletes values that are exactly "UNKNOWN" and escapes NULs, as warehouse does first.
void SanitizeForm(UploadForm& form);

// Steps 2-5: protocol_version, the form's fields (name, filetype, digests, pyversion),
// the metadata (Metadata-Version, version, summary) and the file part. On success returns
// nullopt and sets `version` to the parsed form version.
std::optional<UploadError> ValidateUploadForm(UploadForm& form, Pep440Version& version);

}  // namespace stablecut::sandbox::pypi
