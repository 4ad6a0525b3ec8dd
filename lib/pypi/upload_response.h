#pragma once
// What PyPI's answer to an upload means, and the message to show from its body.

#include <string>

#include "absl/strings/string_view.h"

namespace stablecut::pypi {

// Longest message UploadErrorMessage returns (a body can be a whole HTML page).
inline constexpr size_t kMaxUploadErrorMessageLength = 512;

enum class UploadOutcome {
  kUploaded,       // 200: stored, or byte-identical to the file already there
  kAlreadyExists,  // 400/409 "File already exists": same name or content, other bytes
  kFailed,         // anything else; UploadErrorMessage(body) says why
};

// Classifies the answer to POST /legacy/ (docs/reference/pypi.md §5, §6).
// `reason` is the status line's reason phrase, empty over HTTP/2; the text is looked for
// in it and in the body. kAlreadyExists does not tell whether the stored bytes are ours:
// compare sha256 through the JSON API before counting it as done.
UploadOutcome ClassifyUploadResponse(long http_status, absl::string_view reason,
                                     absl::string_view body);

// The message of an error body: the text of an HTML page's <title> (entities decoded,
// the leading status code dropped), the "message" of a JSON object, else the plain text.
// Whitespace is collapsed, control characters dropped, and the result cut to
// kMaxUploadErrorMessageLength characters ("..." marks a cut).
std::string UploadErrorMessage(absl::string_view body);

}  // namespace stablecut::pypi
