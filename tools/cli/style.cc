#include "tools/cli/style.h"

#include "absl/strings/str_cat.h"

namespace stablecut::cli {

std::string Style::Paint(absl::string_view sgr, absl::string_view text) const {
  if (!colour_) return std::string(text);
  return absl::StrCat("\x1b[", sgr, "m", text, "\x1b[0m");
}

int DisplayWidth(absl::string_view text) {
  int width = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == 0x1b && i + 1 < text.size() && text[i + 1] == '[') {
      // CSI: parameters and intermediates, then one final byte in 0x40..0x7e.
      i += 2;
      while (i < text.size() && (text[i] < 0x40 || text[i] > 0x7e)) ++i;
      continue;
    }
    if ((c & 0xc0) != 0x80) ++width;  // not a UTF-8 continuation byte
  }
  return width;
}

}  // namespace stablecut::cli
