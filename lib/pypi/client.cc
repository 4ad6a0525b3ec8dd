#include "lib/pypi/client.h"

#include <memory>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "lib/http/multipart_source.h"
#include "lib/pypi/upload_form.h"
#include "lib/pypi/upload_response.h"
#include "lib/pypi/verified_content.h"
#include "lib/pypi/wheel_file_upload.h"
#include "lib/wheel/metadata.h"
#include "lib/wheel/wheel_filename.h"

namespace stablecut::pypi {

PypiClient::PypiClient(http::Client& client, PypiClientOptions options)
    : client_(client),
      options_(std::move(options)),
      // PyPI's token login: HTTP Basic, user "__token__" (docs/reference/pypi.md §2).
      basic_credential_(absl::Base64Escape(absl::StrCat("__token__:", options_.token.Reveal()))) {
  options_.json_api_base_url =
      std::string(absl::StripSuffix(options_.json_api_base_url, "/"));
}

absl::StatusOr<UploadResult> PypiClient::UploadWheel(http::CallContext const& context,
                                                     std::string const& path) {
  return UploadWheelFile(*this, context, path);
}

absl::StatusOr<UploadResult> PypiClient::Upload(http::CallContext const& context,
                                                FileUpload const& upload) {
  std::string const& filename = upload.filename;
  auto type = FileTypeOf(filename, upload.metadata);
  if (!type.ok()) return type.status();
  if (upload.size < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("the size of ", filename, " is negative (", upload.size, ")"));
  }
  // The digests go in the form ahead of the file part (pypi.md §3); PyPI compares them with
  // what it receives, and VerifiedContent stops a stream that disagrees before it ends.
  auto fields =
      UploadFormFields(upload.metadata, *type, upload.sha256_hex, upload.md5_hex);
  if (!fields.ok()) return fields.status();
  auto content = std::make_unique<VerifiedContent>(upload.content, filename, upload.size,
                                                   upload.sha256_hex);

  http::MultipartSource body(*fields, "content", filename, std::move(content));
  http::Request request;
  request.context = context;
  request.method = "POST";
  request.url = options_.upload_url;
  request.service = "PyPI";
  request.operation = absl::StrCat("upload ", filename);
  request.headers.emplace_back("Content-Type", body.content_type());
  request.auth_scheme = "Basic";
  request.credential = basic_credential_;
  request.body_source = &body;
  // PyPI answers 200 to an identical re-upload, so a retry after a lost answer is safe.
  request.idempotent = options_.resend_after_lost_answer;
  // twine treats any redirect as a wrong upload URL; so do we.
  request.follow_redirects = false;
  request.attempt_timeout = absl::ZeroDuration();

  auto response = client_.Send(request);
  if (!response.ok()) return response.status();
  switch (ClassifyUploadResponse(response->status, "", response->body)) {
    case UploadOutcome::kUploaded:
      return UploadResult::kUploaded;
    case UploadOutcome::kAlreadyExists:
      return UploadResult::kAlreadyExists;
    case UploadOutcome::kFailed:
      break;
  }
  std::string message = UploadErrorMessage(response->body);
  if (response->status == 401 || response->status == 403) {
    return absl::FailedPreconditionError(absl::StrCat(
        "PyPI refused the upload token for ", filename, " (", response->status, " ", message,
        "); check the publisher's PyPI token and its scope"));
  }
  if (response->status >= 300 && response->status < 400) {
    return absl::FailedPreconditionError(absl::StrCat(
        "PyPI redirected the upload of ", filename, " (", response->status,
        "); the upload URL is wrong (it needs the trailing slash, e.g. .../legacy/)"));
  }
  if (response->status >= 500) {
    return absl::UnavailableError(
        absl::StrCat("PyPI failed the upload of ", filename, " (", response->status, ")"));
  }
  return absl::InvalidArgumentError(absl::StrCat("PyPI rejected ", filename, " (",
                                                 response->status, " ", message, ")"));
}

absl::StatusOr<http::Response> PypiClient::GetJsonApi(http::CallContext const& context,
                                                      std::string const& project,
                                                      std::string const& path,
                                                      std::string operation) {
  http::Request request;
  request.context = context;
  request.url = absl::StrCat(options_.json_api_base_url, "/",
                             wheel::NormalizeProjectName(project), path);
  request.service = "PyPI";
  request.operation = std::move(operation);
  request.headers.emplace_back("Accept", "application/json");
  return client_.Send(request);
}

absl::StatusOr<std::vector<PypiFile>> PypiClient::ListReleaseFiles(http::CallContext const& context,
                                                                   std::string const& project,
                                                                   std::string const& version) {
  auto response = GetJsonApi(context, project, absl::StrCat("/", version, "/json"),
                             "GET release JSON");
  if (!response.ok()) return response.status();
  if (response->status == 404) {
    return absl::NotFoundError(
        absl::StrCat("PyPI has no release ", version, " of ", project));
  }
  if (response->status != 200) {
    return absl::UnavailableError(absl::StrCat("PyPI answered ", response->status,
                                               " listing ", project, " ", version));
  }
  auto files = ParseReleaseFiles(response->body);
  if (!files.ok()) {
    return absl::UnavailableError(absl::StrCat(
        "PyPI's JSON API answered with a response Stablecut cannot read: ",
        files.status().message()));
  }
  return files;
}

absl::StatusOr<int64_t> PypiClient::ProjectBytes(http::CallContext const& context,
                                                 std::string const& project) {
  auto response = GetJsonApi(context, project, "/json", "GET project JSON");
  if (!response.ok()) return response.status();
  if (response->status == 404) return 0;  // a project's first release
  if (response->status != 200) {
    return absl::UnavailableError(
        absl::StrCat("PyPI answered ", response->status, " listing project ", project));
  }
  auto bytes = ParseProjectBytes(response->body);
  if (!bytes.ok()) {
    return absl::UnavailableError(absl::StrCat(
        "PyPI's JSON API answered with a response Stablecut cannot read: ",
        bytes.status().message()));
  }
  return bytes;
}

}  // namespace stablecut::pypi
