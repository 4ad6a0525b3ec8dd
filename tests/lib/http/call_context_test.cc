// CallContext on its own: deadlines, the default deadline, shared cancellation, waits.

#include "lib/http/call_context.h"

#include <atomic>
#include <memory>
#include <thread>

#include <gtest/gtest.h>

#include "absl/time/clock.h"

namespace stablecut::http {
namespace {

TEST(CallContext, BackgroundHasNoDeadlineAndIsNeverCancelled) {
  CallContext context = CallContext::Background();
  absl::Time now = absl::Now();
  EXPECT_FALSE(context.has_deadline());
  EXPECT_EQ(context.deadline(), absl::InfiniteFuture());
  EXPECT_FALSE(context.Cancelled());
  EXPECT_FALSE(context.Expired(now + absl::Hours(24 * 365)));
  EXPECT_EQ(context.Remaining(now), absl::InfiniteDuration());
}

TEST(CallContext, DefaultDeadlineAppliesOnlyWhenTheCallerSetNone) {
  absl::Time now = absl::FromUnixSeconds(1'800'000'000);
  CallContext defaulted = CallContext::Background().WithDefaultDeadline(absl::Seconds(30), now);
  EXPECT_EQ(defaulted.deadline(), now + absl::Seconds(30));

  CallContext callers = CallContext::FromDeadline(now + absl::Seconds(5));
  EXPECT_EQ(callers.WithDefaultDeadline(absl::Seconds(30), now).deadline(),
            now + absl::Seconds(5));
  // A caller's deadline longer than the default still wins: it is the caller's to choose.
  CallContext patient = CallContext::FromDeadline(now + absl::Minutes(10));
  EXPECT_EQ(patient.WithDefaultDeadline(absl::Seconds(30), now).deadline(),
            now + absl::Minutes(10));
}

TEST(CallContext, RemainingCountsDownAndStopsAtZero) {
  absl::Time now = absl::FromUnixSeconds(1'800'000'000);
  CallContext context = CallContext::FromDeadline(now + absl::Seconds(2));
  EXPECT_EQ(context.Remaining(now), absl::Seconds(2));
  EXPECT_FALSE(context.Expired(now + absl::Milliseconds(1999)));
  EXPECT_TRUE(context.Expired(now + absl::Seconds(2)));
  EXPECT_EQ(context.Remaining(now + absl::Seconds(5)), absl::ZeroDuration());
}

TEST(CallContext, CopiesShareTheCancellationCheck) {
  auto flag = std::make_shared<std::atomic<bool>>(false);
  CallContext original =
      CallContext::FromDeadline(absl::InfiniteFuture(), [flag] { return flag->load(); });
  CallContext copy = original;
  CallContext defaulted = original.WithDefaultDeadline(absl::Seconds(1));
  EXPECT_FALSE(copy.Cancelled());
  flag->store(true);
  EXPECT_TRUE(original.Cancelled());
  EXPECT_TRUE(copy.Cancelled());
  EXPECT_TRUE(defaulted.Cancelled());
}

TEST(CallContext, WaitWakesSoonAfterCancellationFromAnotherThread) {
  auto flag = std::make_shared<std::atomic<bool>>(false);
  CallContext context =
      CallContext::FromDeadline(absl::InfiniteFuture(), [flag] { return flag->load(); });
  std::thread canceller([flag] {
    absl::SleepFor(absl::Milliseconds(100));
    flag->store(true);
  });
  absl::Time start = absl::Now();
  bool completed = context.WaitFor(absl::Seconds(10));
  absl::Duration waited = absl::Now() - start;
  canceller.join();
  EXPECT_FALSE(completed);
  EXPECT_GE(waited, absl::Milliseconds(100));
  EXPECT_LT(waited,
            absl::Milliseconds(100) + 2 * CallContext::kPollInterval + absl::Milliseconds(50));
}

TEST(CallContext, WaitRunsItsCourseWhenNotCancelled) {
  auto flag = std::make_shared<std::atomic<bool>>(false);
  CallContext context =
      CallContext::FromDeadline(absl::InfiniteFuture(), [flag] { return flag->load(); });
  absl::Time start = absl::Now();
  EXPECT_TRUE(context.WaitFor(absl::Milliseconds(120)));
  EXPECT_GE(absl::Now() - start, absl::Milliseconds(120));
  flag->store(true);
  EXPECT_FALSE(context.WaitFor(absl::Seconds(10)));  // already cancelled: no wait at all
}

}  // namespace
}  // namespace stablecut::http
