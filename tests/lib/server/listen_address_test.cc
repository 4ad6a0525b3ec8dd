#include "lib/server/listen_address.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/testing/status_matchers.h"

namespace stablecut::server {
namespace {

using ::stablecut::testing::StatusIs;

TEST(ListenAddress, ParsesGoodAddresses) {
  struct Case {
    char const* text;
    char const* host;
    int port;
    bool loopback;
    char const* grpc;
  } const cases[] = {
      {"127.0.0.1:50051", "127.0.0.1", 50051, true, "127.0.0.1:50051"},
      {"127.0.0.2:0", "127.0.0.2", 0, true, "127.0.0.2:0"},
      {"[::1]:8081", "::1", 8081, true, "[::1]:8081"},
      {"localhost:1", "localhost", 1, true, "localhost:1"},
      {"0.0.0.0:50051", "0.0.0.0", 50051, false, "0.0.0.0:50051"},
      {"[::]:65535", "::", 65535, false, "[::]:65535"},
      {"stablecut.internal:443", "stablecut.internal", 443, false, "stablecut.internal:443"},
  };
  for (auto const& c : cases) {
    SCOPED_TRACE(c.text);
    auto address = ParseListenAddress(c.text);
    ASSERT_TRUE(address.ok()) << address.status();
    EXPECT_EQ(address->host, c.host);
    EXPECT_EQ(address->port, c.port);
    EXPECT_EQ(address->IsLoopback(), c.loopback);
    EXPECT_EQ(address->ToGrpcAddress(), c.grpc);
  }
}

TEST(ListenAddress, RejectsBadAddresses) {
  for (char const* text : {"", "127.0.0.1", "127.0.0.1:", "127.0.0.1:65536", "127.0.0.1:-1",
                           "127.0.0.1:http", "::1:80", "[::1:80", "[nope]:80", ":80",
                           "bad host:80", "[::1]80"}) {
    SCOPED_TRACE(text);
    EXPECT_THAT(ParseListenAddress(text),
                StatusIs(absl::StatusCode::kInvalidArgument, ::testing::HasSubstr("host:port")));
  }
}

}  // namespace
}  // namespace stablecut::server
