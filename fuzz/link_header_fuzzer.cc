// Fuzzes the parser of GitHub's pagination `link` header.

#include <cstddef>
#include <cstdint>

#include "absl/strings/ascii.h"
#include "absl/strings/string_view.h"
#include "fuzz/fuzz_check.h"
#include "lib/github/link_header.h"

extern "C" int LLVMFuzzerTestOneInput(uint8_t const* data, size_t size) {
  absl::string_view header(reinterpret_cast<char const*>(data), size);
  auto links = stablecut::github::ParseLinkHeader(header);
  for (auto const& [relation, url] : links) {
    FUZZ_CHECK(!relation.empty() && !url.empty());
    FUZZ_CHECK(absl::AsciiStrToLower(relation) == relation);
    FUZZ_CHECK(url.size() <= header.size() && relation.size() <= header.size());
  }
  auto next = links.find("next");
  FUZZ_CHECK(stablecut::github::NextPageUrl(header) == (next == links.end() ? "" : next->second));
  return 0;
}
