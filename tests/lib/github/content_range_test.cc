// Tests parsing the Content-Range header of a 206 answer.
#include "lib/github/content_range.h"

#include <gtest/gtest.h>

namespace stablecut::github {
namespace {

TEST(ContentRange, ParsesARangeWithAndWithoutTheCompleteLength) {
  auto range = ParseContentRange("bytes 100-199/1126");
  ASSERT_TRUE(range.has_value());
  EXPECT_EQ(range->first, 100);
  EXPECT_EQ(range->last, 199);
  EXPECT_EQ(range->complete_length, 1126);
  range = ParseContentRange(" bytes 0-0/* ");
  ASSERT_TRUE(range.has_value());
  EXPECT_EQ(range->last, 0);
  EXPECT_FALSE(range->complete_length.has_value());
}

TEST(ContentRange, RejectsWhatIsNotOneSatisfiedRange) {
  for (char const* text : {"", "bytes */1126", "items 0-9/10", "bytes 9-0/10", "bytes 0-9/9",
                           "bytes -1-9/10", "bytes 0-9", "bytes 0 - 9/10", "bytes=0-9/10",
                           "bytes 0-+9/10"}) {
    SCOPED_TRACE(text);
    EXPECT_FALSE(ParseContentRange(text).has_value());
  }
}

}  // namespace
}  // namespace stablecut::github
