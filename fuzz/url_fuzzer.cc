// Fuzzes URL parsing (libcurl's URL API and our checks around it): the input is a URL, or
// "base\nlocation" for resolving a redirect. A parsed URL is http(s) with a host and a
// port, and its normalized form parses to the same authority.

#include <cstddef>
#include <cstdint>

#include "absl/strings/string_view.h"
#include "fuzz/fuzz_check.h"
#include "lib/http/url.h"

namespace http = stablecut::http;

namespace {

void CheckUrl(http::Url const& url) {
  FUZZ_CHECK(url.scheme == "http" || url.scheme == "https");
  FUZZ_CHECK(!url.host.empty());
  FUZZ_CHECK(url.port >= 0 && url.port <= 65535);
  auto again = http::ParseUrl(url.full);
  FUZZ_CHECK(again.ok());
  FUZZ_CHECK(again->scheme == url.scheme && again->host == url.host && again->port == url.port);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(uint8_t const* data, size_t size) {
  absl::string_view text(reinterpret_cast<char const*>(data), size);
  (void)http::IsLoopbackHost(text);
  std::string for_log = http::UrlForLog(text);
  FUZZ_CHECK(for_log.find_first_of("?#") == std::string::npos);

  auto newline = text.find('\n');
  auto url = http::ParseUrl(text.substr(0, newline));
  if (!url.ok()) return 0;
  CheckUrl(*url);
  if (newline == absl::string_view::npos) return 0;
  auto resolved = http::ResolveUrl(*url, text.substr(newline + 1));
  if (resolved.ok()) CheckUrl(*resolved);
  return 0;
}
