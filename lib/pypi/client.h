#pragma once
// PyPI over HTTP: the legacy upload API (as twine speaks it) and the JSON API.

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "lib/http/call_context.h"
#include "lib/http/client.h"
#include "lib/http/secret.h"
#include "lib/pypi/api.h"
#include "lib/pypi/json_api.h"

namespace stablecut::pypi {

struct PypiClientOptions {
  std::string upload_url = "https://upload.pypi.org/legacy/";
  std::string json_api_base_url = "https://pypi.org/pypi";
  http::Secret token;  // an API token, "pypi-…"; sent only to upload_url's host
  // Whether an upload whose answer was lost (the connection dropped after the body went) is
  // sent again at once. Safe (PyPI answers 200 to identical bytes, pypi.md §5), but a caller
  // that would rather ask the JSON API first whether the file landed sets it false and gets
  // UNAVAILABLE instead.
  bool resend_after_lost_answer = true;
};

// pypi::Api over HTTP. Thread-safe.
class PypiClient : public Api {
 public:
  // `client` must outlive this.
  PypiClient(http::Client& client, PypiClientOptions options);

  absl::StatusOr<UploadResult> Upload(http::CallContext const& context,
                                      FileUpload const& upload) override;

  absl::StatusOr<std::vector<PypiFile>> ListReleaseFiles(http::CallContext const& context,
                                                         std::string const& project,
                                                         std::string const& version) override;

  absl::StatusOr<int64_t> ProjectBytes(http::CallContext const& context,
                                       std::string const& project) override;

  // UploadWheelFile(*this, context, path) (wheel_file_upload.h): the wheel file at `path`.
  absl::StatusOr<UploadResult> UploadWheel(http::CallContext const& context,
                                           std::string const& path);

 private:
  // GET <json_api_base_url>/<normalized project><path>, asking for JSON.
  absl::StatusOr<http::Response> GetJsonApi(http::CallContext const& context,
                                            std::string const& project, std::string const& path,
                                            std::string operation);

  http::Client& client_;
  PypiClientOptions options_;
  http::Secret basic_credential_;
};

}  // namespace stablecut::pypi
