#pragma once
// A server's listen address, "host:port", checked before gRPC sees it.

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace stablecut::server {

struct ListenAddress {
  std::string host;  // without brackets: "127.0.0.1", "::1", "localhost", "0.0.0.0"
  int port = 0;      // 0: let the kernel pick one

  // True for 127.0.0.0/8, ::1 and "localhost".
  bool IsLoopback() const;
  // The form gRPC takes: "127.0.0.1:50051", "[::1]:50051".
  std::string ToGrpcAddress() const;
};

// Parses "host:port" or "[ipv6]:port". INVALID_ARGUMENT saying what is wrong.
absl::StatusOr<ListenAddress> ParseListenAddress(absl::string_view text);

}  // namespace stablecut::server
