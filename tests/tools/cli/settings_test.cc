#include "tools/cli/settings.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/testing/status_matchers.h"
#include "tests/testing/temp_dir.h"

namespace stablecut::cli {
namespace {

using ::stablecut::testing::IsOk;
using ::stablecut::testing::StatusIs;
using ::testing::AllOf;
using ::testing::HasSubstr;

EnvLookup Env(std::map<std::string, std::string> variables) {
  return [variables](std::string const& name) -> std::optional<std::string> {
    auto found = variables.find(name);
    if (found == variables.end()) return std::nullopt;
    return found->second;
  };
}

TEST(Settings, FlagBeatsEnvironmentBeatsConfigFile) {
  ::stablecut::testing::TempDir dir;
  std::string config = dir.WriteFile(
      "config", "candidate = file:1\nverifier = file:2\npublisher = file:3\n");
  auto settings = Settings::Resolve(
      {{"candidate", "flag:1"}},
      Env({{"STABLECUT_CANDIDATE", "env:1"}, {"STABLECUT_VERIFIER", "env:2"}}), config);
  ASSERT_THAT(settings, IsOk());
  EXPECT_EQ(settings->Get(Setting::kCandidate).value_or("(none)"), "flag:1");
  EXPECT_EQ(settings->Get(Setting::kVerifier).value_or("(none)"), "env:2");
  EXPECT_EQ(settings->Get(Setting::kPublisher).value_or("(none)"), "file:3");
}

TEST(Settings, AnEmptyVariableCountsAsUnset) {
  ::stablecut::testing::TempDir dir;
  auto settings = Settings::Resolve({}, Env({{"STABLECUT_CA", ""}}),
                                    dir.WriteFile("config", "ca = /etc/ca.pem\n"));
  ASSERT_THAT(settings, IsOk());
  EXPECT_EQ(settings->Get(Setting::kCa).value_or("(none)"), "/etc/ca.pem");
}

TEST(Settings, AMissingSettingNamesFlagVariableAndConfigKey) {
  auto settings = Settings::Resolve({}, Env({}), "/home/x/.config/stablecut/config");
  ASSERT_THAT(settings, IsOk());
  EXPECT_THAT(settings->Get(Setting::kCert),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("--cert FILE"), HasSubstr("STABLECUT_CERT"),
                             HasSubstr("`cert = FILE`"),
                             HasSubstr("/home/x/.config/stablecut/config"))));
}

TEST(Settings, ABrokenConfigFileIsAnErrorEvenWhenFlagsSuffice) {
  ::stablecut::testing::TempDir dir;
  auto settings = Settings::Resolve({{"candidate", "a:1"}}, Env({}),
                                    dir.WriteFile("config", "candidate: a:1\n"));
  EXPECT_THAT(settings, StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("config:1")));
}

TEST(Settings, ConfigPathFollowsXdgThenHome) {
  EXPECT_EQ(DefaultConfigPath(Env({{"XDG_CONFIG_HOME", "/x"}, {"HOME", "/h"}})),
            "/x/stablecut/config");
  // A relative XDG_CONFIG_HOME is ignored, as the XDG base directory spec says.
  EXPECT_EQ(DefaultConfigPath(Env({{"XDG_CONFIG_HOME", "rel"}, {"HOME", "/h"}})),
            "/h/.config/stablecut/config");
  EXPECT_EQ(DefaultConfigPath(Env({})), "");
}

}  // namespace
}  // namespace stablecut::cli
