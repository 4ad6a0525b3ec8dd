// Tests PEP 440 version normalization and comparison.
#include "lib/wheel/version.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "tests/testing/status_matchers.h"

namespace stablecut::wheel {
namespace {

using ::stablecut::testing::IsOk;
using ::stablecut::testing::StatusIs;
using ::testing::HasSubstr;

TEST(WheelVersion, NormalizesLikePackaging) {
  struct Case {
    char const* version;
    char const* normalized;
  } const cases[] = {
      {"1.0", "1.0"},
      {"1.26.0", "1.26.0"},
      {"1.0.0-rc1", "1.0.0rc1"},
      {"1.0.0rc1", "1.0.0rc1"},
      {"1.0.0.RC1", "1.0.0rc1"},
      {"1.0c2", "1.0rc2"},
      {"1.0-preview-3", "1.0rc3"},
      {"2.0alpha", "2.0a0"},
      {"2.0.beta_4", "2.0b4"},
      {"1.0.post", "1.0.post0"},
      {"1.0-1", "1.0.post1"},
      {"1.0rev2", "1.0.post2"},
      {"1.0-r3", "1.0.post3"},
      {"2.0-dev_3", "2.0.dev3"},
      {"2.0.dev", "2.0.dev0"},
      {"1.0a1.post2.dev3", "1.0a1.post2.dev3"},
      {"v1.0", "1.0"},
      {"  1.0\n", "1.0"},
      {"0!1.0", "1.0"},
      {"2!1.0", "2!1.0"},
      {"01.002.0", "1.2.0"},
      {"1.0+Local_Ver-01", "1.0+local.ver.1"},
      {"2024.3.1.dev20240301", "2024.3.1.dev20240301"},
      {"99999999999999999999999.0", "99999999999999999999999.0"},
  };
  for (auto const& c : cases) {
    SCOPED_TRACE(c.version);
    auto normalized = NormalizeVersion(c.version);
    ASSERT_THAT(normalized, IsOk());
    EXPECT_EQ(*normalized, c.normalized);
  }
}

TEST(WheelVersion, RejectsWhatIsNotAVersion) {
  char const* const cases[] = {
      "",     "   ",  "dog",      "1.",          ".1",          "1..0",
      "1.0-", "1.0+", "1.0+a..b", "1.0+a!",      "1.0 1",       "1.0.x",
      "v",    "1!",   "!1",       "1.0-dev-dev", "1.0-rc1-rc2", "1.0+local+again",
  };
  for (char const* c : cases) {
    SCOPED_TRACE(c);
    EXPECT_THAT(NormalizeVersion(c),
                StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("not a PEP 440")));
  }
}

TEST(WheelVersion, RejectsOverlongVersion) {
  EXPECT_THAT(NormalizeVersion(std::string(200, '1')),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("not a PEP 440")));
}

TEST(WheelVersion, SameVersionIgnoresSpellingAndTrailingZeros) {
  struct Case {
    char const* a;
    char const* b;
    bool same;
  } const cases[] = {
      {"1.0", "1.0.0", true},       {"1.0.0-rc1", "1.0.0rc1", true}, {"1.0.0-rc1", "1.0rc1", true},
      {"1.0.post0", "1.0-0", true}, {"0!1.0", "1.0", true},          {"1.0", "1.0.1", false},
      {"1.0", "1.0rc1", false},     {"1.0", "1.0.post0", false},     {"1.0", "1.0+local", false},
      {"10.0", "1.0", false},
  };
  for (auto const& c : cases) {
    SCOPED_TRACE(absl::StrCat(c.a, " vs ", c.b));
    auto same = SameVersion(c.a, c.b);
    ASSERT_THAT(same, IsOk());
    EXPECT_EQ(*same, c.same);
  }
  EXPECT_THAT(SameVersion("1.0", "one"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("\"one\"")));
}

}  // namespace
}  // namespace stablecut::wheel
