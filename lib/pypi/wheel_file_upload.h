#pragma once
// Uploading a wheel that is a file on disk, through any pypi::Api.

#include <string>

#include "absl/status/statusor.h"
#include "lib/http/call_context.h"
#include "lib/pypi/api.h"

namespace stablecut::pypi {

// Reads the METADATA of the wheel file at `path`, hashes the file (sha256 and md5, as
// twine 4 sends) and calls api.Upload with the file streamed as its content; the stored
// name is the path's last component. Errors: NOT_FOUND (no such file), INVALID_ARGUMENT
// (not a wheel, or its name disagrees with its METADATA: nothing is sent), and those of
// Api::Upload.
absl::StatusOr<UploadResult> UploadWheelFile(Api& api, http::CallContext const& context,
                                             std::string const& path);

}  // namespace stablecut::pypi
