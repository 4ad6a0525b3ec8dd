#include "lib/release/name_template.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/testing/status_matchers.h"

namespace stablecut::release {
namespace {

using ::stablecut::testing::IsOk;
using ::stablecut::testing::StatusIs;
using ::testing::HasSubstr;

TEST(NameTemplate, ExpandsBothPlaceholdersEveryTime) {
  EXPECT_EQ(ExpandNameTemplate("<project> candidate <tag> (<tag>)", "widgets",
                               "candidate-20261201.1"),
            "widgets candidate candidate-20261201.1 (candidate-20261201.1)");
}

TEST(NameTemplate, AcceptsKnownPlaceholdersAndPlainAngleBrackets) {
  EXPECT_THAT(ValidateNameTemplate("<project> stable <tag>"), IsOk());
  EXPECT_THAT(ValidateNameTemplate("<tag> for a <b c> d < e >"), IsOk());
}

TEST(NameTemplate, RefusesAnUnknownPlaceholderNamingIt) {
  EXPECT_THAT(ValidateNameTemplate("<projekt> candidate <tag>"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("unknown placeholder <projekt>; the placeholders are")));
  EXPECT_THAT(ValidateNameTemplate("<project> <version>"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("<version>")));
  EXPECT_THAT(ValidateNameTemplate(""), StatusIs(absl::StatusCode::kInvalidArgument, ::testing::_));
}

}  // namespace
}  // namespace stablecut::release
