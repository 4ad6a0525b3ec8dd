#include "tools/cli/config_file.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/testing/status_matchers.h"
#include "tests/testing/temp_dir.h"

namespace stablecut::cli {
namespace {

using ::stablecut::testing::IsOk;
using ::stablecut::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Pair;

std::vector<std::string> const kKeys = {"candidate", "ca"};

TEST(ConfigFile, ReadsKeyValueLinesSkippingCommentsAndBlanks) {
  auto values = ParseConfigFile(
      "# where the services are\n\n  candidate =  127.0.0.1:50051  \nca=/etc/ca#1.pem\n",
      "config", kKeys);
  ASSERT_THAT(values, IsOk());
  EXPECT_THAT(*values, ElementsAre(Pair("ca", "/etc/ca#1.pem"),
                                   Pair("candidate", "127.0.0.1:50051")));
}

TEST(ConfigFile, RefusesBadLinesNamingFileAndLine) {
  struct Case {
    char const* name;
    char const* text;
    char const* expected;
  } const cases[] = {
      {"no equals", "candidate 1:2\n", "config:1: expected `key = value`"},
      {"unknown key", "\ncandidat = x\n", "config:2: unknown key \"candidat\" (known: candidate, ca)"},
      {"empty value", "ca =\n", "config:1: ca: no value"},
      {"empty key", "= x\n", "config:1: no key"},
      {"twice", "ca = a\nca = b\n", "config:2: ca: given twice"},
  };
  for (auto const& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_THAT(ParseConfigFile(c.text, "config", kKeys),
                StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr(c.expected)));
  }
}

TEST(ConfigFile, AMissingFileIsAnEmptyConfig) {
  ::stablecut::testing::TempDir dir;
  auto values = LoadConfigFile(dir.path() + "/none", kKeys);
  ASSERT_THAT(values, IsOk());
  EXPECT_TRUE(values->empty());
  auto directory = LoadConfigFile(dir.path(), kKeys);
  EXPECT_THAT(directory, StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("not a regular file")));
}

}  // namespace
}  // namespace stablecut::cli
