#pragma once
// Accepts or refuses a validated upload against the stored projects: warehouse's steps
// from project lookup to storing the file (docs/reference/pypi.md §4 steps 6-24, §4.1, §4.2, §5).

#include <cstdint>
#include <optional>
#include <string>

#include "absl/time/time.h"
#include "tools/sandbox/pypi/pep440.h"
#include "tools/sandbox/pypi/pypi_state.h"
#include "tools/sandbox/pypi/upload_form.h"

namespace stablecut::sandbox::pypi {

// PyPI's default per-file limit (warehouse's MAX_FILESIZE): 100 MiB.
inline constexpr std::uint64_t kMaxFileSize = 100ULL * 1024 * 1024;
// PyPI's default limit on a project's total size (warehouse's MAX_PROJECT_SIZE): 10 GiB.
inline constexpr std::uint64_t kMaxProjectSize = 10ULL * 1024 * 1024 * 1024;

// The size limits an upload is held to. Real PyPI raises either for a project on request,
// which the sandbox's flags stand for.
struct UploadLimits {
  std::uint64_t max_file_size = kMaxFileSize;
  // Every file of the project (yanked ones too) plus the upload.
  std::uint64_t max_project_size = kMaxProjectSize;
};

// What happens to an upload that passed ValidateUploadForm.
struct UploadDecision {
  std::optional<UploadError> error;  // a refusal; nullopt means 200
  bool already_stored = false;       // byte-identical re-upload: 200, nothing changes
};

// Decides on the upload and, when it is new and valid, adds it to `state` (creating the
// project and release as needed) and moves its spool file to <files_dir>/<path>. The
// caller serializes calls and persists `state` afterwards.
// `limits` are the ones a refusal of a too-large file or project names; the file was
// already cut short at limits.max_file_size while it was received.
UploadDecision ProcessUpload(UploadForm const& form, Pep440Version const& version,
                             PypiState& state, std::string const& files_dir, absl::Time now,
                             UploadLimits const& limits = {});

}  // namespace stablecut::sandbox::pypi
