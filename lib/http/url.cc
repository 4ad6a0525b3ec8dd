#include "lib/http/url.h"

#include <curl/curl.h>

#include <memory>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace stablecut::http {
namespace {

struct CurlUrlFree {
  void operator()(CURLU* url) const { curl_url_cleanup(url); }
};
using CurlUrl = std::unique_ptr<CURLU, CurlUrlFree>;

std::string Part(CURLU* url, CURLUPart part, unsigned flags = 0) {
  char* value = nullptr;
  if (curl_url_get(url, part, &value, flags) != CURLUE_OK || value == nullptr) return "";
  std::string result(value);
  curl_free(value);
  return result;
}

// A DNS name or an IP literal: libcurl accepts other bytes in a host (non-ASCII, control
// characters from percent-escapes), which no server we talk to has and which would then
// reach logs and the Host header. IDN hosts would need punycode first; none is expected.
bool IsPlainHost(absl::string_view host, bool ipv6) {
  for (char c : host) {
    bool allowed = ipv6 ? (absl::ascii_isxdigit(c) || c == ':' || c == '.')
                        : (absl::ascii_isalnum(c) || c == '-' || c == '.' || c == '_');
    if (!allowed) return false;
  }
  return true;
}

absl::StatusOr<Url> FromHandle(CURLU* handle, absl::string_view text) {
  Url url;
  url.scheme = absl::AsciiStrToLower(Part(handle, CURLUPART_SCHEME));
  if (url.scheme != "http" && url.scheme != "https") {
    return absl::InvalidArgumentError(
        absl::StrCat("URL \"", UrlForLog(text), "\" is not http or https"));
  }
  url.host = absl::AsciiStrToLower(Part(handle, CURLUPART_HOST));
  bool ipv6 = absl::StartsWith(url.host, "[") && absl::EndsWith(url.host, "]");
  if (ipv6) url.host = url.host.substr(1, url.host.size() - 2);
  if (url.host.empty()) {
    return absl::InvalidArgumentError(absl::StrCat("URL \"", UrlForLog(text), "\" has no host"));
  }
  if (!IsPlainHost(url.host, ipv6)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "URL \"", absl::CHexEscape(UrlForLog(text)),
        "\" has a host with characters other than letters, digits, '-', '.' and '_'"));
  }
  if (!absl::SimpleAtoi(Part(handle, CURLUPART_PORT, CURLU_DEFAULT_PORT), &url.port)) {
    return absl::InvalidArgumentError(absl::StrCat("URL \"", UrlForLog(text), "\" has no port"));
  }
  url.full = Part(handle, CURLUPART_URL);
  return url;
}

}  // namespace

std::string Url::Authority() const { return absl::StrCat(host, ":", port); }

absl::StatusOr<Url> ParseUrl(absl::string_view text) {
  CurlUrl handle(curl_url());
  if (!handle) return absl::ResourceExhaustedError("out of memory parsing a URL");
  std::string copy(text);
  if (curl_url_set(handle.get(), CURLUPART_URL, copy.c_str(), 0) != CURLUE_OK) {
    return absl::InvalidArgumentError(
        absl::StrCat("\"", UrlForLog(text), "\" is not an absolute http(s) URL"));
  }
  return FromHandle(handle.get(), text);
}

absl::StatusOr<Url> ResolveUrl(Url const& base, absl::string_view location) {
  CurlUrl handle(curl_url());
  if (!handle) return absl::ResourceExhaustedError("out of memory parsing a URL");
  std::string copy(location);
  if (curl_url_set(handle.get(), CURLUPART_URL, base.full.c_str(), 0) != CURLUE_OK ||
      curl_url_set(handle.get(), CURLUPART_URL, copy.c_str(), 0) != CURLUE_OK) {
    return absl::InvalidArgumentError(
        absl::StrCat("redirect to \"", UrlForLog(location), "\" is not a valid URL"));
  }
  return FromHandle(handle.get(), location);
}

bool IsLoopbackHost(absl::string_view host) {
  std::string lower = absl::AsciiStrToLower(host);
  if (lower == "localhost" || lower == "::1" || lower == "[::1]") return true;
  if (!absl::StartsWith(lower, "127.")) return false;
  int dots = 0;
  for (char c : lower) {
    if (c == '.') {
      ++dots;
    } else if (!absl::ascii_isdigit(c)) {
      return false;
    }
  }
  return dots == 3;
}

std::string UrlForLog(absl::string_view url) {
  auto cut = url.find_first_of("?#");
  return std::string(url.substr(0, cut));
}

}  // namespace stablecut::http
