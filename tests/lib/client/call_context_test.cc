#include "lib/client/call_context.h"

#include <chrono>

#include <gtest/gtest.h>

namespace stablecut::client {
namespace {

absl::Time const kNow = absl::FromUnixSeconds(1'800'000'000);

absl::Time DeadlineOf(grpc::ClientContext const& context) {
  return absl::FromChrono(context.deadline());
}

TEST(NewCallContext, TheTimeoutWhenTheCallerHasNoDeadline) {
  auto context = NewCallContext(absl::InfiniteFuture(), absl::Seconds(30), kNow);
  EXPECT_EQ(DeadlineOf(*context), kNow + absl::Seconds(30));
}

TEST(NewCallContext, TheCallersDeadlineWhenItIsSooner) {
  auto context = NewCallContext(kNow + absl::Seconds(5), absl::Seconds(30), kNow);
  EXPECT_EQ(DeadlineOf(*context), kNow + absl::Seconds(5));
}

TEST(NewCallContext, TheTimeoutWhenItIsSooner) {
  auto context = NewCallContext(kNow + absl::Minutes(5), absl::Seconds(30), kNow);
  EXPECT_EQ(DeadlineOf(*context), kNow + absl::Seconds(30));
}

TEST(NewCallContext, NoDeadlineAtAllStaysInfinite) {
  auto context = NewCallContext(absl::InfiniteFuture(), absl::InfiniteDuration(), kNow);
  EXPECT_EQ(context->deadline(), std::chrono::system_clock::time_point::max());
}

}  // namespace
}  // namespace stablecut::client
