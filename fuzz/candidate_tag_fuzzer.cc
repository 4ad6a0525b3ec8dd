// Fuzzes the candidate tag parser ("candidate-YYYYMMDD.N", read from GitHub and from RPC
// requests): a tag that parses formats back to exactly itself.

#include <cstddef>
#include <cstdint>

#include "absl/strings/string_view.h"
#include "fuzz/fuzz_check.h"
#include "lib/release/candidate_tag.h"

using stablecut::release::ParseCandidateTag;

extern "C" int LLVMFuzzerTestOneInput(uint8_t const* data, size_t size) {
  absl::string_view text(reinterpret_cast<char const*>(data), size);
  auto tag = ParseCandidateTag(text);
  if (!tag.ok()) return 0;
  FUZZ_CHECK(tag->ToString() == text);
  auto again = ParseCandidateTag(tag->ToString());
  FUZZ_CHECK(again.ok() && *again == *tag && !(*again < *tag));
  FUZZ_CHECK(tag->number >= 1 && tag->month >= 1 && tag->month <= 12);
  return 0;
}
