// Reads GitHub's pagination `link` header (RFC 8288 syntax, the subset GitHub sends).
#include "lib/github/link_header.h"

#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_split.h"

namespace stablecut::github {
namespace {

// A cursor over the header text.
class Scanner {
 public:
  explicit Scanner(absl::string_view text) : text_(text) {}

  bool Done() const { return pos_ >= text_.size(); }
  char Peek() const { return Done() ? '\0' : text_[pos_]; }
  void Advance() { ++pos_; }

  void SkipWhitespace() {
    while (!Done() && absl::ascii_isspace(static_cast<unsigned char>(Peek()))) ++pos_;
  }

  // Consumes `c` (after whitespace) if it comes next.
  bool Consume(char c) {
    SkipWhitespace();
    if (Peek() != c) return false;
    ++pos_;
    return true;
  }

  // Consumes up to, not including, the first of `stops`; returns what it consumed.
  absl::string_view Until(absl::string_view stops) {
    std::size_t end = text_.find_first_of(stops, pos_);
    if (end == absl::string_view::npos) end = text_.size();
    absl::string_view taken = text_.substr(pos_, end - pos_);
    pos_ = end;
    return taken;
  }

  // Consumes a quoted string whose opening quote was consumed, through its closing quote.
  // Returns false when it does not end.
  bool QuotedString(std::string* value) {
    while (!Done()) {
      char c = Peek();
      ++pos_;
      if (c == '"') return true;
      if (c == '\\' && !Done()) {
        c = Peek();
        ++pos_;
      }
      value->push_back(c);
    }
    return false;
  }

  // Skips to the next ',' outside a quoted string (a link ends there), or the end.
  void SkipLink() {
    bool quoted = false;
    while (!Done()) {
      char c = Peek();
      if (c == ',' && !quoted) return;
      if (c == '"') quoted = !quoted;
      if (c == '\\' && quoted) ++pos_;
      ++pos_;
    }
  }

 private:
  absl::string_view text_;
  std::size_t pos_ = 0;
};

// Reads the `; name=value` parameters of one link; returns its relation types, or false
// when the parameters are malformed.
bool ReadRelations(Scanner& scanner, std::vector<std::string>* relations) {
  while (scanner.Consume(';')) {
    scanner.SkipWhitespace();
    std::string name = absl::AsciiStrToLower(absl::StripAsciiWhitespace(scanner.Until("=;,")));
    std::string value;
    if (scanner.Consume('=')) {
      scanner.SkipWhitespace();
      if (scanner.Peek() == '"') {
        scanner.Advance();
        if (!scanner.QuotedString(&value)) return false;
      } else {
        value = std::string(absl::StripAsciiWhitespace(scanner.Until(";,")));
      }
    }
    if (name.empty()) return false;
    // RFC 8288 §3: only the first rel parameter of a link counts.
    if (name == "rel" && relations->empty()) {
      for (absl::string_view type :
           absl::StrSplit(value, absl::ByAnyChar(" \t"), absl::SkipEmpty())) {
        relations->push_back(absl::AsciiStrToLower(type));
      }
    }
  }
  scanner.SkipWhitespace();
  return scanner.Done() || scanner.Peek() == ',';
}

}  // namespace

absl::flat_hash_map<std::string, std::string> ParseLinkHeader(absl::string_view header) {
  absl::flat_hash_map<std::string, std::string> links;
  Scanner scanner(header);
  while (true) {
    while (scanner.Consume(',')) {
    }
    if (scanner.Done()) break;
    if (!scanner.Consume('<')) {
      scanner.SkipLink();
      continue;
    }
    std::string url(absl::StripAsciiWhitespace(scanner.Until(">")));
    if (!scanner.Consume('>')) break;  // an unterminated URL swallows the rest
    std::vector<std::string> relations;
    if (!ReadRelations(scanner, &relations)) {
      scanner.SkipLink();
      continue;
    }
    if (url.empty()) continue;
    for (auto& relation : relations) links.emplace(std::move(relation), url);
  }
  return links;
}

std::string NextPageUrl(absl::string_view link_header) {
  auto links = ParseLinkHeader(link_header);
  auto it = links.find("next");
  return it == links.end() ? "" : it->second;
}

}  // namespace stablecut::github
