// Percent-encoding helpers.
#include "tools/sandbox/url.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace stablecut::sandbox {
namespace {

std::string Encode(absl::string_view text, bool keep_slash) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char c : text) {
    auto u = static_cast<unsigned char>(c);
    if (absl::ascii_isalnum(u) || c == '-' || c == '.' || c == '_' || c == '~' ||
        (keep_slash && c == '/')) {
      out.push_back(c);
    } else {
      out.push_back('%');
      out.push_back(kHex[u >> 4]);
      out.push_back(kHex[u & 15]);
    }
  }
  return out;
}

}  // namespace

std::string EncodeComponent(absl::string_view text) { return Encode(text, false); }
std::string EncodePath(absl::string_view path) { return Encode(path, true); }

std::string EncodeQuery(std::multimap<std::string, std::string> const& params) {
  std::string out;
  for (auto const& [name, value] : params) {
    if (!out.empty()) out.push_back('&');
    absl::StrAppend(&out, EncodeComponent(name), "=", EncodeComponent(value));
  }
  return out;
}

}  // namespace stablecut::sandbox
