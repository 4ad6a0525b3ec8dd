#include "lib/server/listen_address.h"

#include <arpa/inet.h>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace stablecut::server {
namespace {

bool IsIpv6(std::string const& host) {
  in6_addr address;
  return inet_pton(AF_INET6, host.c_str(), &address) == 1;
}

bool IsIpv4(std::string const& host) {
  in_addr address;
  return inet_pton(AF_INET, host.c_str(), &address) == 1;
}

bool IsHostName(absl::string_view host) {
  if (host.empty() || host.size() > 253) return false;
  for (char c : host) {
    if (!absl::ascii_isalnum(c) && c != '-' && c != '.') return false;
  }
  return true;
}

absl::Status BadAddress(absl::string_view text, absl::string_view why) {
  return absl::InvalidArgumentError(absl::StrCat(
      "listen address \"", text, "\" ", why,
      "; write host:port, e.g. 127.0.0.1:50051, [::1]:50051 or 0.0.0.0:50051"));
}

}  // namespace

bool ListenAddress::IsLoopback() const {
  if (absl::AsciiStrToLower(host) == "localhost") return true;
  if (host == "::1") return true;
  return IsIpv4(host) && absl::StartsWith(host, "127.");
}

std::string ListenAddress::ToGrpcAddress() const {
  if (IsIpv6(host)) return absl::StrCat("[", host, "]:", port);
  return absl::StrCat(host, ":", port);
}

absl::StatusOr<ListenAddress> ParseListenAddress(absl::string_view text) {
  ListenAddress address;
  absl::string_view port_text;
  if (absl::StartsWith(text, "[")) {
    auto close = text.find(']');
    if (close == absl::string_view::npos || close + 1 >= text.size() || text[close + 1] != ':') {
      return BadAddress(text, "has an unclosed [ or no :port after ]");
    }
    address.host = std::string(text.substr(1, close - 1));
    if (!IsIpv6(address.host)) return BadAddress(text, "has no IPv6 address inside [ ]");
    port_text = text.substr(close + 2);
  } else {
    auto colon = text.rfind(':');
    if (colon == absl::string_view::npos) return BadAddress(text, "has no port");
    address.host = std::string(text.substr(0, colon));
    port_text = text.substr(colon + 1);
    if (address.host.find(':') != std::string::npos) {
      return BadAddress(text, "looks like IPv6 without brackets");
    }
    if (!IsIpv4(address.host) && !IsHostName(address.host)) {
      return BadAddress(text, "has no valid host");
    }
  }
  if (port_text.empty() || !absl::SimpleAtoi(port_text, &address.port) || address.port < 0 ||
      address.port > 65535) {
    return BadAddress(text, "has no port between 0 and 65535");
  }
  return address;
}

}  // namespace stablecut::server
