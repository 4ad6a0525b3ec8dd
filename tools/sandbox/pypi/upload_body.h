#pragma once
// Reads a legacy upload's request body, multipart or urlencoded, into an UploadForm:
// text fields in memory (capped), the `content` file part streamed to a spool file.

#include <cstdint>
#include <functional>
#include <string>

#include "absl/status/statusor.h"
#include "tools/sandbox/pypi/upload_form.h"

namespace httplib {
struct Request;
class ContentReader;
}  // namespace httplib

namespace stablecut::sandbox::pypi {

// Text fields (everything but the file part) may total this much; PyPI's front end has
// its own limits, this one keeps a hostile client from filling the sandbox's memory.
inline constexpr std::uint64_t kMaxTextFieldBytes = 16ULL * 1024 * 1024;

// Reads the whole body. The `content` part goes to `spool_path` (at most `max_file_size`
// bytes are written; more sets too_large). INVALID_ARGUMENT when the text fields exceed
// kMaxTextFieldBytes; UNAVAILABLE when the body could not be read (client went away);
// FAILED_PRECONDITION when the spool file cannot be written.
// `need_not_spool`, when set, is asked as the `content` part begins (with the fields read so
// far and the part's filename); when it answers true the bytes are hashed but not written
// (UploadedContent::spooled false).
using SpoolPredicate = std::function<bool(UploadForm const& fields_so_far,
                                          std::string const& filename)>;
absl::StatusOr<UploadForm> ReadUploadBody(httplib::Request const& request,
                                          httplib::ContentReader const& reader,
                                          std::string const& spool_path,
                                          std::uint64_t max_file_size,
                                          SpoolPredicate const& need_not_spool = nullptr);

// Reads and discards the body (a refused request must still consume it).
void DrainBody(httplib::Request const& request, httplib::ContentReader const& reader);

}  // namespace stablecut::sandbox::pypi
