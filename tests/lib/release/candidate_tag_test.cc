#include "lib/release/candidate_tag.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/testing/status_matchers.h"

namespace stablecut::release {
namespace {

using ::stablecut::testing::StatusIs;

TEST(CandidateTag, ParsesAndFormats) {
  auto tag = ParseCandidateTag("candidate-20261126.12");
  ASSERT_TRUE(tag.ok()) << tag.status();
  EXPECT_EQ(tag->year, 2026);
  EXPECT_EQ(tag->month, 11);
  EXPECT_EQ(tag->day, 26);
  EXPECT_EQ(tag->number, 12);
  EXPECT_EQ(tag->Version(), "20261126.12");
  EXPECT_EQ(tag->ToString(), "candidate-20261126.12");
  EXPECT_LT(*ParseCandidateTag("candidate-20261126.2"), *ParseCandidateTag("candidate-20261126.10"));
  EXPECT_LT(*ParseCandidateTag("candidate-20261125.9"), *ParseCandidateTag("candidate-20261126.1"));
}

TEST(CandidateTag, RejectsMalformedTagsSayingWhy) {
  struct Case {
    char const* tag;
    char const* why;
  } const cases[] = {
      {"", "does not start with candidate-"},
      {"v1.0", "does not start with candidate-"},
      {"candidate-2026-11-26", "8 digits"},
      {"candidate-20261126", "8 digits"},
      {"candidate-20261126.", "N must be"},
      {"candidate-20261126.0", "N must be"},
      {"candidate-20261126.01", "N must be"},
      {"candidate-20261126.1a", "N has a non-digit"},
      {"candidate-2026112x.1", "non-digit"},
      {"candidate-20260230.1", "not a real day"},
      {"candidate-20261326.1", "not a real day"},
      {"candidate-19991231.1", "before 2000-01-01, and candidate dates are UTC days from 2000 on"},
      {"candidate-00010101.1", "before 2000-01-01"},
      {"candidate-20261126.1/../x", "N has a non-digit"},
  };
  for (auto const& c : cases) {
    SCOPED_TRACE(c.tag);
    EXPECT_THAT(ParseCandidateTag(c.tag),
                StatusIs(absl::StatusCode::kInvalidArgument, ::testing::HasSubstr(c.why)));
  }
}

TEST(CandidateTag, TheFirstDayOf2000IsTheFirstCandidateDay) {
  auto tag = ParseCandidateTag("candidate-20000101.1");
  ASSERT_TRUE(tag.ok()) << tag.status();
  EXPECT_EQ(tag->Day(), absl::CivilDay(2000, 1, 1));
}

}  // namespace
}  // namespace stablecut::release
