// server::ToTimestamp: seconds and nanoseconds, normalised as google.protobuf.Timestamp requires.
#include "lib/server/proto_time.h"

#include <gtest/gtest.h>

namespace stablecut::server {
namespace {

TEST(ToTimestamp, KeepsTheNanoseconds) {
  auto timestamp =
      ToTimestamp(absl::FromUnixSeconds(1764892800) + absl::Nanoseconds(123456789));
  EXPECT_EQ(timestamp.seconds(), 1764892800);
  EXPECT_EQ(timestamp.nanos(), 123456789);
}

TEST(ToTimestamp, RoundsTheSecondsDownBefore1970) {
  auto timestamp = ToTimestamp(absl::UnixEpoch() - absl::Milliseconds(1500));
  EXPECT_EQ(timestamp.seconds(), -2);
  EXPECT_EQ(timestamp.nanos(), 500000000);
}

TEST(ToTimestamp, TheEpochIsZero) {
  auto timestamp = ToTimestamp(absl::UnixEpoch());
  EXPECT_EQ(timestamp.seconds(), 0);
  EXPECT_EQ(timestamp.nanos(), 0);
}

}  // namespace
}  // namespace stablecut::server
