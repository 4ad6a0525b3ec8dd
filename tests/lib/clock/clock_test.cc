// clock::RealClock and clock::FakeClock.

#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "absl/time/clock.h"
#include "lib/clock/clock.h"
#include "lib/clock/fake_clock.h"

namespace stablecut::clock {
namespace {

TEST(RealClock, ReadsTheWallClock) {
  RealClock clock;
  absl::Time before = absl::Now();
  absl::Time now = clock.Now();
  absl::Time after = absl::Now();
  EXPECT_LE(before, now);
  EXPECT_LE(now, after);
}

TEST(FakeClock, StandsStillUntilSetOrAdvanced) {
  absl::Time start = absl::FromCivil(absl::CivilSecond(2026, 11, 26, 23, 59, 59),
                                     absl::UTCTimeZone());
  FakeClock fake(start);
  Clock const& clock = fake;
  EXPECT_EQ(clock.Now(), start);
  EXPECT_EQ(clock.Now(), start);
  fake.Advance(absl::Seconds(1));
  EXPECT_EQ(absl::ToCivilDay(clock.Now(), absl::UTCTimeZone()), absl::CivilDay(2026, 11, 27));
  fake.Advance(absl::Minutes(-5));
  EXPECT_EQ(clock.Now(), start + absl::Seconds(1) - absl::Minutes(5));
  fake.Set(absl::UnixEpoch());
  EXPECT_EQ(clock.Now(), absl::UnixEpoch());
}

TEST(FakeClock, StartsAtTheEpochByDefault) { EXPECT_EQ(FakeClock().Now(), absl::UnixEpoch()); }

TEST(FakeClock, AdvancesFromSeveralThreadsAddUp) {
  FakeClock clock;
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&clock] {
      for (int j = 0; j < 1000; ++j) {
        clock.Advance(absl::Milliseconds(1));
        (void)clock.Now();
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(clock.Now(), absl::UnixEpoch() + absl::Seconds(4));
}

}  // namespace
}  // namespace stablecut::clock
