#pragma once
// Colours on stdout: only on a terminal, and never when NO_COLOR is set (https://no-color.org).

#include <string>

#include "absl/strings/string_view.h"

namespace stablecut::cli {

class Style {
 public:
  // Colours when stdout is a terminal and NO_COLOR is absent: any value, even empty, turns
  // them off, as the task asks (no-color.org itself ignores an empty one).
  static Style For(bool out_is_terminal, bool no_color_set) {
    return Style(out_is_terminal && !no_color_set);
  }
  static Style Plain() { return Style(false); }

  bool colour() const { return colour_; }
  std::string Green(absl::string_view text) const { return Paint("32", text); }
  std::string Red(absl::string_view text) const { return Paint("31", text); }
  std::string Yellow(absl::string_view text) const { return Paint("33", text); }
  std::string Bold(absl::string_view text) const { return Paint("1", text); }

 private:
  explicit Style(bool colour) : colour_(colour) {}
  std::string Paint(absl::string_view sgr, absl::string_view text) const;

  bool colour_;
};

// The number of columns `text` takes on a terminal: UTF-8 code points, not counting ANSI
// escape sequences (every character we print is one column wide).
int DisplayWidth(absl::string_view text);

}  // namespace stablecut::cli
