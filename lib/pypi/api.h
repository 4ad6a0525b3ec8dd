#pragma once
// The PyPI operations Stablecut's publisher uses: one interface, so that publishing logic
// can be tested with a mock (mocks/mock_api.h) and run against PyPI, TestPyPI or the
// sandbox (client.h).

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "lib/http/body.h"
#include "lib/http/call_context.h"
#include "lib/pypi/json_api.h"
#include "lib/wheel/metadata.h"

namespace stablecut::pypi {

enum class UploadResult { kUploaded, kAlreadyExists };

// One wheel to upload, its bytes coming from `content` as they are sent: the publisher
// streams a GitHub release asset straight into the upload, without a copy on disk.
//
// The sha256 is an input rather than computed from the stream and sent after the file
// part (warehouse would accept either order, docs/reference/pypi.md §1): sent first, in
// twine's order (§3), it is independent of the stream. GitHub states a release asset's
// sha256; PyPI compares the bytes it receives with it (§4 step 15), so a file that changed
// anywhere between GitHub and PyPI is refused instead of published, whereas a digest
// taken from the stream itself would vouch for whatever arrived. The uploader also hashes
// and counts the bytes as they stream and aborts the upload before the body is complete
// when they disagree with `sha256_hex` or `size`, so PyPI never receives a whole wrong
// file and the error names both digests.
struct FileUpload {
  std::string filename;      // the stored name, e.g. "demo-1.0-py3-none-any.whl"
  wheel::Metadata metadata;  // the wheel's .dist-info/METADATA: the form is built from it
  std::string sha256_hex;    // of the content; required
  std::string md5_hex;       // of the content; optional (twine 4 sends it, twine 7 does not)
  std::int64_t size = 0;     // bytes `content` yields; sent as the file part's length
  http::ByteSource& content;  // read from the start; rewound for a retry
};

// Every method takes the caller's context: its deadline bounds the whole call (retries
// included) and its cancellation ends it. Besides the errors each method lists, any may
// fail with UNAVAILABLE (PyPI unreachable or failing), DEADLINE_EXCEEDED or CANCELLED.
// Thread-safe.
class Api {
 public:
  virtual ~Api() = default;

  // Uploads `upload.content` in the multipart form twine sends. kAlreadyExists when PyPI
  // says a file of that name exists: whether it is the same file is for the caller to
  // check (ListReleaseFiles' sha256), as PyPI's message does not say. Errors:
  // INVALID_ARGUMENT (the filename does not parse or disagrees with the metadata, the
  // metadata or a digest is malformed, or PyPI rejected the file: its message),
  // DATA_LOSS (the content's bytes do not match `size` or `sha256_hex`; the upload was
  // cut short and PyPI stored nothing), FAILED_PRECONDITION (PyPI refused the token, or
  // the upload URL redirects), and whatever `content` returns when it cannot be read.
  virtual absl::StatusOr<UploadResult> Upload(http::CallContext const& context,
                                              FileUpload const& upload) = 0;

  // The files of one release. NOT_FOUND when PyPI has no such project or version.
  virtual absl::StatusOr<std::vector<PypiFile>> ListReleaseFiles(
      http::CallContext const& context, std::string const& project,
      std::string const& version) = 0;

  // The bytes `project` holds, all its files together; 0 when PyPI has no such project.
  virtual absl::StatusOr<int64_t> ProjectBytes(http::CallContext const& context,
                                               std::string const& project) = 0;
};

}  // namespace stablecut::pypi
