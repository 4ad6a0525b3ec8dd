// Fuzzes reading a wheel's METADATA: the input is a whole zip file (libzip, then the
// member search and the METADATA parser), and also METADATA text on its own.

#include <cstddef>
#include <cstdint>

#include "absl/strings/string_view.h"
#include "fuzz/fuzz_check.h"
#include "lib/wheel/metadata.h"

namespace {

using stablecut::wheel::Metadata;

void CheckHeaders(Metadata const& metadata) {
  for (auto const& [name, value] : metadata.headers) {
    FUZZ_CHECK(!name.empty());
    FUZZ_CHECK(name.find(':') == std::string::npos);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(uint8_t const* data, size_t size) {
  absl::string_view bytes(reinterpret_cast<char const*>(data), size);
  auto from_zip = stablecut::wheel::ReadWheelMetadataFromBuffer(bytes);
  if (from_zip.ok()) CheckHeaders(*from_zip);
  auto from_text = stablecut::wheel::ParseMetadata(bytes);
  if (from_text.ok()) {
    CheckHeaders(*from_text);
    // Reading a header back never fails, whatever its name.
    (void)from_text->Get("Name");
    (void)from_text->GetAll("Requires-Dist");
  }
  return 0;
}
