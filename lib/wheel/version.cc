// PEP 440 versions: a small hand-written parser following the specification's regex.
#include "lib/wheel/version.h"

#include <algorithm>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"

namespace stablecut::wheel {
namespace {

// Longer than any real version; keeps error messages and work bounded.
constexpr size_t kMaxVersionLength = 128;

struct ParsedVersion {
  std::string epoch;                 // normalized digits, "" when absent
  std::vector<std::string> release;  // normalized digits
  std::string pre_label;             // "a", "b", "rc" or ""
  std::string pre_number;
  bool has_post = false;
  std::string post_number;
  bool has_dev = false;
  std::string dev_number;
  std::vector<std::string> local;
};

// Decimal digits without leading zeros ("007" -> "7", "000" -> "0"); kept as text so
// that a long number cannot overflow.
std::string NormalizeNumber(absl::string_view digits) {
  size_t first = digits.find_first_not_of('0');
  if (first == absl::string_view::npos) return "0";
  return std::string(digits.substr(first));
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsSeparator(char c) { return c == '-' || c == '_' || c == '.'; }

// A cursor over the lowercased version text.
class Scanner {
 public:
  explicit Scanner(absl::string_view text) : text_(text) {}

  bool AtEnd() const { return pos_ == text_.size(); }
  size_t pos() const { return pos_; }
  void Rewind(size_t pos) { pos_ = pos; }
  char Peek(size_t ahead = 0) const {
    return pos_ + ahead < text_.size() ? text_[pos_ + ahead] : '\0';
  }
  bool Consume(absl::string_view word) {
    if (text_.substr(pos_, word.size()) != word) return false;
    pos_ += word.size();
    return true;
  }
  // Digits at the cursor, "" when there are none.
  absl::string_view Digits() {
    size_t start = pos_;
    while (IsDigit(Peek())) ++pos_;
    return text_.substr(start, pos_ - start);
  }
  // Consumes one separator when the character after it satisfies `next`.
  template <typename Pred>
  void SeparatorBefore(Pred next) {
    if (IsSeparator(Peek()) && next(Peek(1))) ++pos_;
  }
  // The first of `labels` at the cursor (after an optional separator), consumed.
  absl::string_view Label(std::initializer_list<absl::string_view> labels) {
    size_t start = pos_;
    if (IsSeparator(Peek())) ++pos_;
    for (absl::string_view label : labels) {
      if (Consume(label)) return label;
    }
    pos_ = start;
    return {};
  }
  // An optional separator and number after a label; "0" when there is no number.
  std::string LabelNumber() {
    SeparatorBefore(IsDigit);
    absl::string_view digits = Digits();
    return digits.empty() ? "0" : NormalizeNumber(digits);
  }

 private:
  absl::string_view text_;
  size_t pos_ = 0;
};

// The local part after "+": alphanumeric segments split by separators.
bool ParseLocal(absl::string_view local, ParsedVersion& version) {
  std::string segment;
  for (size_t i = 0; i <= local.size(); ++i) {
    char c = i < local.size() ? local[i] : '.';
    if (IsSeparator(c)) {
      if (segment.empty()) return false;
      bool numeric = std::all_of(segment.begin(), segment.end(), IsDigit);
      version.local.push_back(numeric ? NormalizeNumber(segment) : segment);
      segment.clear();
    } else if (absl::ascii_isalnum(static_cast<unsigned char>(c))) {
      segment.push_back(c);
    } else {
      return false;
    }
  }
  return !version.local.empty();
}

// The normalized spelling of a pre-release label.
std::string PreLabel(absl::string_view label) {
  if (label == "alpha" || label == "a") return "a";
  if (label == "beta" || label == "b") return "b";
  return "rc";  // rc, c, pre, preview
}

// Parses lowercased, trimmed text; false when it is not a PEP 440 version.
bool Parse(absl::string_view text, ParsedVersion& version) {
  Scanner scanner(text);
  scanner.Consume("v");
  size_t start = scanner.pos();
  absl::string_view first = scanner.Digits();
  if (first.empty()) return false;
  if (scanner.Consume("!")) {
    version.epoch = NormalizeNumber(first);
  } else {
    scanner.Rewind(start);
  }
  do {
    absl::string_view part = scanner.Digits();
    if (part.empty()) return false;
    version.release.push_back(NormalizeNumber(part));
  } while (scanner.Peek() == '.' && IsDigit(scanner.Peek(1)) && scanner.Consume("."));

  absl::string_view pre = scanner.Label({"preview", "alpha", "beta", "pre", "rc", "a", "b", "c"});
  if (!pre.empty()) {
    version.pre_label = PreLabel(pre);
    version.pre_number = scanner.LabelNumber();
  }
  if (scanner.Peek() == '-' && IsDigit(scanner.Peek(1))) {
    scanner.Consume("-");
    version.has_post = true;
    version.post_number = NormalizeNumber(scanner.Digits());
  } else if (!scanner.Label({"post", "rev", "r"}).empty()) {
    version.has_post = true;
    version.post_number = scanner.LabelNumber();
  }
  if (!scanner.Label({"dev"}).empty()) {
    version.has_dev = true;
    version.dev_number = scanner.LabelNumber();
  }
  if (scanner.Consume("+")) return ParseLocal(text.substr(scanner.pos()), version);
  return scanner.AtEnd();
}

std::string Format(ParsedVersion const& version, bool trim_release) {
  std::vector<std::string> release = version.release;
  while (trim_release && release.size() > 1 && release.back() == "0") release.pop_back();
  std::string out;
  if (!version.epoch.empty() && version.epoch != "0") absl::StrAppend(&out, version.epoch, "!");
  absl::StrAppend(&out, absl::StrJoin(release, "."));
  if (!version.pre_label.empty()) absl::StrAppend(&out, version.pre_label, version.pre_number);
  if (version.has_post) absl::StrAppend(&out, ".post", version.post_number);
  if (version.has_dev) absl::StrAppend(&out, ".dev", version.dev_number);
  if (!version.local.empty()) absl::StrAppend(&out, "+", absl::StrJoin(version.local, "."));
  return out;
}

absl::StatusOr<ParsedVersion> ParseVersion(absl::string_view version) {
  absl::string_view trimmed = absl::StripAsciiWhitespace(version);
  std::string lower = absl::AsciiStrToLower(trimmed);
  ParsedVersion parsed;
  // The normalized form is held to the limit too: it can be longer ("1r" -> "1.post0"),
  // and a version whose normalized form is refused could not be compared with it.
  if (trimmed.empty() || trimmed.size() > kMaxVersionLength || !Parse(lower, parsed) ||
      Format(parsed, /*trim_release=*/false).size() > kMaxVersionLength) {
    return absl::InvalidArgumentError(
        absl::StrCat("\"", absl::CHexEscape(version.substr(0, kMaxVersionLength)),
                     "\" is not a PEP 440 version"));
  }
  return parsed;
}

}  // namespace

absl::StatusOr<std::string> NormalizeVersion(absl::string_view version) {
  auto parsed = ParseVersion(version);
  if (!parsed.ok()) return parsed.status();
  return Format(*parsed, /*trim_release=*/false);
}

absl::StatusOr<bool> SameVersion(absl::string_view a, absl::string_view b) {
  auto parsed_a = ParseVersion(a);
  if (!parsed_a.ok()) return parsed_a.status();
  auto parsed_b = ParseVersion(b);
  if (!parsed_b.ok()) return parsed_b.status();
  return Format(*parsed_a, true) == Format(*parsed_b, true);
}

}  // namespace stablecut::wheel
