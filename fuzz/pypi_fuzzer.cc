// Fuzzes what the PyPI client reads from PyPI: the JSON API's release files and the
// message and meaning of an upload's answer (HTML, JSON or text). Every input goes to all
// of them.

#include <cstddef>
#include <cstdint>

#include "absl/strings/ascii.h"
#include "absl/strings/string_view.h"
#include "fuzz/fuzz_check.h"
#include "lib/pypi/json_api.h"
#include "lib/pypi/upload_response.h"

namespace pypi = stablecut::pypi;

extern "C" int LLVMFuzzerTestOneInput(uint8_t const* data, size_t size) {
  absl::string_view body(reinterpret_cast<char const*>(data), size);

  auto files = pypi::ParseReleaseFiles(body);
  if (files.ok()) {
    for (auto const& file : *files) {
      FUZZ_CHECK(!file.filename.empty());
      FUZZ_CHECK(file.size >= 0);
      FUZZ_CHECK(file.sha256.size() == 64);
      for (char c : file.sha256) FUZZ_CHECK(absl::ascii_isxdigit(c) && !absl::ascii_isupper(c));
    }
  }

  std::string message = pypi::UploadErrorMessage(body);
  FUZZ_CHECK(message.size() <= pypi::kMaxUploadErrorMessageLength);
  for (char c : message) {
    auto byte = static_cast<unsigned char>(c);
    FUZZ_CHECK(byte >= 32 && byte != 127);
  }

  (void)pypi::ClassifyUploadResponse(400, body.substr(0, 64), body);
  (void)pypi::ClassifyUploadResponse(409, "", body);
  return 0;
}
