// Fuzzes the listen address parser ("host:port", "[ipv6]:port", from flags and config): an
// address that parses gives a gRPC address that parses back to the same host and port.

#include <cstddef>
#include <cstdint>

#include "absl/strings/string_view.h"
#include "fuzz/fuzz_check.h"
#include "lib/server/listen_address.h"

using stablecut::server::ParseListenAddress;

extern "C" int LLVMFuzzerTestOneInput(uint8_t const* data, size_t size) {
  absl::string_view text(reinterpret_cast<char const*>(data), size);
  auto address = ParseListenAddress(text);
  if (!address.ok()) return 0;
  FUZZ_CHECK(address->port >= 0 && address->port <= 65535);
  (void)address->IsLoopback();
  auto again = ParseListenAddress(address->ToGrpcAddress());
  FUZZ_CHECK(again.ok());
  FUZZ_CHECK(again->host == address->host && again->port == address->port);
  return 0;
}
