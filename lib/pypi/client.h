#pragma once
// PyPI over HTTP: the legacy upload API (as twine speaks it) and the JSON API.

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "lib/http/call_context.h"
#include "lib/http/client.h"
#include "lib/http/secret.h"
#include "lib/pypi/json_api.h"

namespace stablecut::pypi {

struct PypiClientOptions {
  std::string upload_url = "https://upload.pypi.org/legacy/";
  std::string json_api_base_url = "https://pypi.org/pypi";
  http::Secret token;  // an API token, "pypi-…"; sent only to upload_url's host
};

enum class UploadResult { kUploaded, kAlreadyExists };

// Thread-safe.
class PypiClient {
 public:
  // `client` must outlive this.
  PypiClient(http::Client& client, PypiClientOptions options);

  // Uploads the wheel file at `path`: reads its METADATA, hashes it, and streams it in the
  // multipart form twine sends. kAlreadyExists when PyPI says a file of that name exists:
  // whether it is the same file is for the caller to check (ListReleaseFiles' sha256), as
  // PyPI's message does not say. Errors: INVALID_ARGUMENT (a bad wheel, or PyPI rejected
  // it: its message), FAILED_PRECONDITION (PyPI refused the token), UNAVAILABLE.
  absl::StatusOr<UploadResult> UploadWheel(http::CallContext const& context,
                                           std::string const& path);

  // The files of one release. NOT_FOUND when PyPI has no such project or version.
  absl::StatusOr<std::vector<PypiFile>> ListReleaseFiles(http::CallContext const& context,
                                                         std::string const& project,
                                                         std::string const& version);

 private:
  http::Client& client_;
  PypiClientOptions options_;
  http::Secret basic_credential_;
};

}  // namespace stablecut::pypi
