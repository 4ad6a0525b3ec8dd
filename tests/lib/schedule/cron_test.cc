#include "lib/schedule/cron.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/testing/status_matchers.h"

namespace stablecut::schedule {
namespace {

using ::stablecut::testing::StatusIs;

absl::Time Utc(int y, int mo, int d, int h, int mi) {
  return absl::FromCivil(absl::CivilMinute(y, mo, d, h, mi), absl::UTCTimeZone());
}

TEST(Cron, NextAfterTable) {
  struct Case {
    char const* expression;
    absl::Time after;
    absl::Time next;
  } const cases[] = {
      {"0 10 * * *", Utc(2026, 11, 26, 9, 59), Utc(2026, 11, 26, 10, 0)},
      {"0 10 * * *", Utc(2026, 11, 26, 10, 0), Utc(2026, 11, 27, 10, 0)},
      {"*/15 * * * *", Utc(2026, 11, 26, 10, 1), Utc(2026, 11, 26, 10, 15)},
      {"30 2 1 * *", Utc(2026, 11, 26, 0, 0), Utc(2026, 12, 1, 2, 30)},
      {"0 0 * * 1", Utc(2026, 11, 26, 0, 0), Utc(2026, 11, 30, 0, 0)},  // next Monday
      {"0 0 * * 7", Utc(2026, 11, 26, 0, 0), Utc(2026, 11, 29, 0, 0)},  // Sunday as 7
      {"0 9-17/4 * * 1-5", Utc(2026, 11, 27, 17, 0), Utc(2026, 11, 30, 9, 0)},
      {"0 0 29 2 *", Utc(2026, 3, 1, 0, 0), Utc(2028, 2, 29, 0, 0)},
      {"0 12 1,15 * *", Utc(2026, 11, 2, 0, 0), Utc(2026, 11, 15, 12, 0)},
  };
  for (auto const& c : cases) {
    SCOPED_TRACE(c.expression);
    auto schedule = CronSchedule::Parse(c.expression);
    ASSERT_TRUE(schedule.ok()) << schedule.status();
    EXPECT_EQ(schedule->NextAfter(c.after), c.next);
  }
}

TEST(Cron, ImpossibleDateNeverComes) {
  auto schedule = CronSchedule::Parse("0 0 31 2 *");
  ASSERT_TRUE(schedule.ok());
  EXPECT_EQ(schedule->NextAfter(Utc(2026, 1, 1, 0, 0)), absl::InfiniteFuture());
}

TEST(Cron, RejectsBadExpressionsNamingTheField) {
  struct Case {
    char const* expression;
    char const* message;
  } const cases[] = {
      {"", "0 fields"},
      {"0 10 * *", "4 fields"},
      {"60 * * * *", "minute"},
      {"* 24 * * *", "hour"},
      {"* * 0 * *", "day-of-month"},
      {"* * * 13 *", "month"},
      {"* * * * 8", "day-of-week"},
      {"*/0 * * * *", "step"},
      {"5-1 * * * *", "out of range"},
      {"a * * * *", "not a number"},
      {"1-2-3 * * * *", "range"},
      {"0 10 * * * *", "6 fields"},
  };
  for (auto const& c : cases) {
    SCOPED_TRACE(c.expression);
    EXPECT_THAT(CronSchedule::Parse(c.expression),
                StatusIs(absl::StatusCode::kInvalidArgument, ::testing::HasSubstr(c.message)));
  }
}

}  // namespace
}  // namespace stablecut::schedule
