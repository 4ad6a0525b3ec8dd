#pragma once
// The parts of an http(s) URL the client decides on: scheme, host, port, and what to log.

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace stablecut::http {

struct Url {
  std::string scheme;  // "https" or "http", lower case
  std::string host;    // lower case, IPv6 without brackets
  int port = 0;        // explicit or the scheme's default
  std::string full;    // the URL as given (normalized by libcurl)

  // "host:port": the unit a credential is bound to.
  std::string Authority() const;
};

// Parses an absolute http(s) URL. INVALID_ARGUMENT for anything else.
absl::StatusOr<Url> ParseUrl(absl::string_view text);

// Resolves `location` (absolute or relative, from a redirect) against `base`.
absl::StatusOr<Url> ResolveUrl(Url const& base, absl::string_view location);

// True for 127.0.0.0/8, ::1 and "localhost".
bool IsLoopbackHost(absl::string_view host);

// The URL without its query string and fragment: pre-signed download URLs carry their
// signature in the query, so logs and errors show only this.
std::string UrlForLog(absl::string_view url);

}  // namespace stablecut::http
