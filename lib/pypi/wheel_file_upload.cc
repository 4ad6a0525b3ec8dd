#include "lib/pypi/wheel_file_upload.h"

#include <utility>

#include "lib/http/file_body.h"
#include "lib/wheel/metadata.h"
#include "lib/wheel/wheel_filename.h"

namespace stablecut::pypi {
namespace {

std::string Basename(std::string const& path) {
  auto slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

}  // namespace

absl::StatusOr<UploadResult> UploadWheelFile(Api& api, http::CallContext const& context,
                                             std::string const& path) {
  auto metadata = wheel::ReadWheelMetadata(path);
  if (!metadata.ok()) return metadata.status();
  auto digests = http::DigestFile(path);
  if (!digests.ok()) return digests.status();
  auto file = http::FileSource::Open(path);
  if (!file.ok()) return file.status();
  FileUpload upload{Basename(path), *std::move(metadata), digests->sha256, digests->md5,
                     digests->size, **file};
  return api.Upload(context, upload);
}

}  // namespace stablecut::pypi
