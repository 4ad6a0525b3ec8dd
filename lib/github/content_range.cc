#include "lib/github/content_range.h"

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/strip.h"

namespace stablecut::github {
namespace {

bool ParseDigits(absl::string_view text, int64_t* value) {
  if (text.empty()) return false;
  for (char c : text) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return false;  // no signs, no spaces
  }
  return absl::SimpleAtoi(text, value);
}

}  // namespace

std::optional<ContentRange> ParseContentRange(absl::string_view value) {
  value = absl::StripAsciiWhitespace(value);
  if (!absl::ConsumePrefix(&value, "bytes ")) return std::nullopt;
  size_t dash = value.find('-');
  size_t slash = value.find('/');
  if (dash == absl::string_view::npos || slash == absl::string_view::npos || slash < dash) {
    return std::nullopt;
  }
  ContentRange range;
  if (!ParseDigits(value.substr(0, dash), &range.first) ||
      !ParseDigits(value.substr(dash + 1, slash - dash - 1), &range.last) ||
      range.last < range.first) {
    return std::nullopt;
  }
  absl::string_view length = value.substr(slash + 1);
  if (length != "*") {
    int64_t complete = 0;
    if (!ParseDigits(length, &complete) || complete <= range.last) return std::nullopt;
    range.complete_length = complete;
  }
  return range;
}

}  // namespace stablecut::github
