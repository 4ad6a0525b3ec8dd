#include "lib/http/url.h"

#include <curl/curl.h>

#include <memory>
#include <string>
#include <utility>

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

// A URL as error messages show it: without its query (UrlForLog) and escaped, since the
// text may hold any byte and the message may reach a log.
std::string ShownInErrors(absl::string_view text) { return absl::CHexEscape(UrlForLog(text)); }

// What libcurl makes of a parsed handle, before any check.
Url PartsOf(CURLU* handle) {
  Url url;
  url.scheme = absl::AsciiStrToLower(Part(handle, CURLUPART_SCHEME));
  url.host = absl::AsciiStrToLower(Part(handle, CURLUPART_HOST));
  if (!absl::SimpleAtoi(Part(handle, CURLUPART_PORT, CURLU_DEFAULT_PORT), &url.port)) {
    url.port = -1;
  }
  url.full = Part(handle, CURLUPART_URL);
  return url;
}

absl::StatusOr<Url> FromHandle(CURLU* handle, absl::string_view text) {
  Url url = PartsOf(handle);
  if (url.scheme != "http" && url.scheme != "https") {
    return absl::InvalidArgumentError(
        absl::StrCat("URL \"", ShownInErrors(text), "\" is not http or https"));
  }
  bool ipv6 = absl::StartsWith(url.host, "[") && absl::EndsWith(url.host, "]");
  std::string bare_host = ipv6 ? url.host.substr(1, url.host.size() - 2) : url.host;
  if (url.host.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("URL \"", ShownInErrors(text), "\" has no host"));
  }
  if (!IsPlainHost(bare_host, ipv6)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "URL \"", ShownInErrors(text),
        "\" has a host with characters other than letters, digits, '-', '.' and '_'"));
  }
  if (url.port < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("URL \"", ShownInErrors(text), "\" has no port"));
  }
  // The client hands url.full to libcurl, which parses it afresh: a host written with
  // percent-escapes can read differently then ("3%33" is host "33" here, 0.0.0.33 there),
  // and the host checked here must be the one connected to.
  CurlUrl again(curl_url());
  if (!again) return absl::ResourceExhaustedError("out of memory parsing a URL");
  bool same = curl_url_set(again.get(), CURLUPART_URL, url.full.c_str(), 0) == CURLUE_OK;
  if (same) {
    Url reparsed = PartsOf(again.get());
    same = reparsed.full == url.full && reparsed.host == url.host;
  }
  if (!same) {
    return absl::InvalidArgumentError(absl::StrCat(
        "URL \"", ShownInErrors(text),
        "\" writes its host in a form that reads differently once normalized "
        "(percent-escapes or a numeric address); write the host plainly"));
  }
  url.host = std::move(bare_host);
  return url;
}

// libcurl reads a C string, so a NUL would cut the URL short of what the caller gave, and
// no control character belongs in a URL.
absl::Status CheckNoControlBytes(absl::string_view text, absl::string_view what) {
  for (char c : text) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      return absl::InvalidArgumentError(absl::StrCat(
          what, " \"", ShownInErrors(text), "\" contains a control character"));
    }
  }
  return absl::OkStatus();
}

}  // namespace

std::string Url::Authority() const { return absl::StrCat(host, ":", port); }

absl::StatusOr<Url> ParseUrl(absl::string_view text) {
  if (auto status = CheckNoControlBytes(text, "URL"); !status.ok()) return status;
  CurlUrl handle(curl_url());
  if (!handle) return absl::ResourceExhaustedError("out of memory parsing a URL");
  std::string copy(text);
  if (curl_url_set(handle.get(), CURLUPART_URL, copy.c_str(), 0) != CURLUE_OK) {
    return absl::InvalidArgumentError(absl::StrCat(
        "\"", ShownInErrors(text), "\" is not an absolute http(s) URL"));
  }
  return FromHandle(handle.get(), text);
}

absl::StatusOr<Url> ResolveUrl(Url const& base, absl::string_view location) {
  if (auto status = CheckNoControlBytes(location, "redirect to"); !status.ok()) return status;
  CurlUrl handle(curl_url());
  if (!handle) return absl::ResourceExhaustedError("out of memory parsing a URL");
  std::string copy(location);
  if (curl_url_set(handle.get(), CURLUPART_URL, base.full.c_str(), 0) != CURLUE_OK ||
      curl_url_set(handle.get(), CURLUPART_URL, copy.c_str(), 0) != CURLUE_OK) {
    return absl::InvalidArgumentError(
        absl::StrCat("redirect to \"", ShownInErrors(location), "\" is not a valid URL"));
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
