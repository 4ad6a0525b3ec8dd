#include "lib/release/commit_sha.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/testing/status_matchers.h"

namespace stablecut::release {
namespace {

using ::stablecut::testing::StatusIs;
using ::testing::HasSubstr;

TEST(CommitSha, AcceptsFortyHexDigitsInEitherCase) {
  std::string upper(40, 'A');
  auto parsed = ParseCommitSha("commit_sha", upper);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(*parsed, std::string(40, 'a'));
}

TEST(CommitSha, RefusesWhatIsNotAFullShaSayingTheRule) {
  for (std::string text : {std::string(""), std::string("main"), std::string("abc1234"),
                           std::string(39, 'a'), std::string(41, 'a'),
                           std::string(39, 'a') + "g"}) {
    SCOPED_TRACE(text);
    EXPECT_THAT(ParseCommitSha("commit_sha", text),
                StatusIs(absl::StatusCode::kInvalidArgument,
                         HasSubstr("give the full 40 hex digits")));
  }
}

}  // namespace
}  // namespace stablecut::release
