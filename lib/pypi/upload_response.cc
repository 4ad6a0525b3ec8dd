// What PyPI's answer to an upload means, and the message to show from its body.
#include "lib/pypi/upload_response.h"

#include <nlohmann/json.hpp>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/strip.h"

namespace stablecut::pypi {
namespace {

// Warehouse keeps this prefix stable because twine's --skip-existing depends on it
// (docs/reference/pypi.md §5).
constexpr absl::string_view kAlreadyExists = "file already exists";  // lowercase

// Only the start of a body is searched for a <title>; error pages put it first.
constexpr size_t kMaxSearchedBytes = 64 * 1024;

// Whether `text` holds `lower_needle`, ignoring ASCII case (Abseil 20220623 has no
// StrContainsIgnoreCase).
bool ContainsIgnoreCase(absl::string_view text, absl::string_view lower_needle) {
  return absl::StrContains(absl::AsciiStrToLower(text), lower_needle);
}

// The text between <title ...> and </title>, "" when there is none.
absl::string_view TitleText(absl::string_view body) {
  body = body.substr(0, kMaxSearchedBytes);
  std::string const lower = absl::AsciiStrToLower(body);
  size_t open = lower.find("<title");
  if (open == std::string::npos) return {};
  size_t start = lower.find('>', open);
  if (start == std::string::npos) return {};
  size_t end = lower.find("</title", start);
  if (end == std::string::npos) return {};
  return body.substr(start + 1, end - start - 1);
}

// Decodes the HTML entities Pyramid's escaping writes (&amp; &lt; &gt; &quot; &#39;
// &#x27;) and other numeric ASCII ones; anything else stays as written.
std::string DecodeEntities(absl::string_view text) {
  struct Named {
    absl::string_view entity;
    char value;
  };
  constexpr Named kNamed[] = {
      {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&apos;", '\''}};
  std::string out;
  while (!text.empty()) {
    if (text.front() != '&') {
      out.push_back(text.front());
      text.remove_prefix(1);
      continue;
    }
    bool decoded = false;
    for (auto const& named : kNamed) {
      if (absl::StartsWith(text, named.entity)) {
        out.push_back(named.value);
        text.remove_prefix(named.entity.size());
        decoded = true;
        break;
      }
    }
    size_t semicolon = text.find(';');
    if (!decoded && absl::StartsWith(text, "&#") && semicolon != absl::string_view::npos &&
        semicolon <= 10) {
      absl::string_view number = text.substr(2, semicolon - 2);
      bool hex = absl::ConsumePrefix(&number, "x") || absl::ConsumePrefix(&number, "X");
      int code = 0;
      bool ok = hex ? absl::SimpleHexAtoi(number, &code) : absl::SimpleAtoi(number, &code);
      if (ok && code > 0 && code < 128) {
        out.push_back(static_cast<char>(code));
        text.remove_prefix(semicolon + 1);
        decoded = true;
      }
    }
    if (!decoded) {
      out.push_back('&');
      text.remove_prefix(1);
    }
  }
  return out;
}

// Collapses whitespace runs to one space, drops other control characters, trims, and
// cuts at kMaxUploadErrorMessageLength without splitting a UTF-8 character.
std::string Tidy(absl::string_view text) {
  std::string out;
  bool space = false;
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    if (absl::ascii_isspace(byte)) {
      space = !out.empty();
      continue;
    }
    if (byte < 32 || byte == 127) continue;
    if (space) out.push_back(' ');
    space = false;
    out.push_back(c);
    if (out.size() > kMaxUploadErrorMessageLength) break;
  }
  if (out.size() <= kMaxUploadErrorMessageLength) return out;
  size_t cut = kMaxUploadErrorMessageLength - 3;
  while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;
  out.resize(cut);
  out += "...";
  return out;
}

// Drops the "400 " that starts an error page's title.
absl::string_view WithoutStatusCode(absl::string_view title) {
  if (title.size() > 4 && absl::ascii_isdigit(title[0]) && absl::ascii_isdigit(title[1]) &&
      absl::ascii_isdigit(title[2]) && title[3] == ' ') {
    title.remove_prefix(4);
  }
  return title;
}

}  // namespace

UploadOutcome ClassifyUploadResponse(long http_status, absl::string_view reason,
                                     absl::string_view body) {
  if (http_status == 200) return UploadOutcome::kUploaded;
  if ((http_status == 400 || http_status == 409) &&
      (ContainsIgnoreCase(reason, kAlreadyExists) ||
       ContainsIgnoreCase(body.substr(0, kMaxSearchedBytes), kAlreadyExists))) {
    return UploadOutcome::kAlreadyExists;
  }
  return UploadOutcome::kFailed;
}

std::string UploadErrorMessage(absl::string_view body) {
  absl::string_view trimmed = absl::StripAsciiWhitespace(body);
  if (absl::StartsWith(trimmed, "{") && trimmed.size() <= kMaxSearchedBytes) {
    auto const json = nlohmann::json::parse(trimmed.begin(), trimmed.end(), nullptr,
                                            /*allow_exceptions=*/false);
    if (json.is_object()) {
      auto message = json.find("message");
      if (message != json.end() && message->is_string()) {
        return Tidy(message->get_ref<std::string const&>());
      }
    }
  }
  absl::string_view title = TitleText(trimmed);
  if (!title.empty()) {
    return Tidy(DecodeEntities(WithoutStatusCode(absl::StripAsciiWhitespace(title))));
  }
  return Tidy(trimmed.substr(0, kMaxSearchedBytes));
}

}  // namespace stablecut::pypi
