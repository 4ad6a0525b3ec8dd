// Fuzzes reading an sdist's PKG-INFO: the input is a whole .tar.gz (libarchive's gzip and
// tar readers, then the member search and the metadata parser), read as the publisher reads
// a release asset.

#include <cstddef>
#include <cstdint>

#include "absl/strings/string_view.h"
#include "fuzz/fuzz_check.h"
#include "lib/wheel/sdist_metadata.h"

extern "C" int LLVMFuzzerTestOneInput(uint8_t const* data, size_t size) {
  absl::string_view bytes(reinterpret_cast<char const*>(data), size);
  auto metadata = stablecut::wheel::ReadSdistMetadataFromBuffer(bytes, "demo_pkg-1.0.tar.gz");
  if (metadata.ok()) {
    for (auto const& [name, value] : metadata->headers) {
      FUZZ_CHECK(!name.empty());
      FUZZ_CHECK(name.find(':') == std::string::npos);
    }
  } else {
    // A bad archive is a bad argument, never a crash or another code.
    FUZZ_CHECK(metadata.status().code() == absl::StatusCode::kInvalidArgument);
  }
  return 0;
}
