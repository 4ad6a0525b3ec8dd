#include "lib/schedule/scheduled_job.h"

#include <gtest/gtest.h>

#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"

namespace stablecut::schedule {
namespace {

TEST(ScheduledJob, RunsAtEachScheduledTimeUntilStopped) {
  absl::Notification third_run;
  int calls = 0;
  ScheduledJob job(
      "test", [](absl::Time after) { return after + absl::Milliseconds(10); },
      [&] {
        if (++calls == 3) third_run.Notify();
      });
  job.Start();
  ASSERT_TRUE(third_run.WaitForNotificationWithTimeout(absl::Seconds(20)));
  job.Stop();
  int after_stop = job.runs();
  EXPECT_GE(after_stop, 3);
  absl::SleepFor(absl::Milliseconds(50));
  EXPECT_EQ(job.runs(), after_stop);
}

TEST(ScheduledJob, StopIsImmediateWhenTheNextRunIsFarAway) {
  ScheduledJob job(
      "far", [](absl::Time after) { return after + absl::Hours(24); }, [] {});
  job.Start();
  absl::Time start = absl::Now();
  job.Stop();
  EXPECT_EQ(job.runs(), 0);
  // Benchmarks hold timing goals; this only guards against waiting out the day.
  EXPECT_LT(absl::Now() - start, absl::Hours(1));
}

}  // namespace
}  // namespace stablecut::schedule
