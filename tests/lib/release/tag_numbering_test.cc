#include "lib/release/tag_numbering.h"

#include <gtest/gtest.h>

namespace stablecut::release {
namespace {

CandidateTag Tag(int year, int month, int day, int number) {
  CandidateTag tag;
  tag.year = year;
  tag.month = month;
  tag.day = day;
  tag.number = number;
  return tag;
}

TEST(NextCandidateTag, NumbersFromOnePlusTheDaysHighest) {
  absl::CivilDay const today(2026, 12, 1);
  struct Case {
    char const* what;
    std::vector<CandidateTag> existing;
    char const* expected;
  } const cases[] = {
      {"nothing cut yet", {}, "candidate-20261201.1"},
      {"only other days", {Tag(2026, 11, 30, 3), Tag(2026, 12, 2, 1)}, "candidate-20261201.1"},
      {"one today", {Tag(2026, 12, 1, 1)}, "candidate-20261201.2"},
      {"unsorted", {Tag(2026, 12, 1, 2), Tag(2026, 12, 1, 1), Tag(2026, 12, 1, 3)},
       "candidate-20261201.4"},
      {"a gap is never reused", {Tag(2026, 12, 1, 1), Tag(2026, 12, 1, 5)},
       "candidate-20261201.6"},
      {"the same tag as ref and release", {Tag(2026, 12, 1, 2), Tag(2026, 12, 1, 2)},
       "candidate-20261201.3"},
      {"same month and day, other year", {Tag(2025, 12, 1, 7)}, "candidate-20261201.1"},
      {"two digits of N", {Tag(2026, 12, 1, 9)}, "candidate-20261201.10"},
  };
  for (auto const& c : cases) {
    SCOPED_TRACE(c.what);
    EXPECT_EQ(NextCandidateTag(today, c.existing).ToString(), c.expected);
  }
}

TEST(NextCandidateTag, IsAParsableTagOfThatDay) {
  auto next = NextCandidateTag(absl::CivilDay(2028, 2, 29), {});
  auto parsed = ParseCandidateTag(next.ToString());
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(*parsed, next);
  EXPECT_EQ(next.Version(), "20280229.1");
}

}  // namespace
}  // namespace stablecut::release
