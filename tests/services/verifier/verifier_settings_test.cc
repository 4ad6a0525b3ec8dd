// VerifierServiceConfig: the defaults, and errors naming file, line and field.

#include "services/verifier/verifier_settings.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "stablecut/v1/config.pb.h"
#include "tests/testing/temp_dir.h"

namespace stablecut::verifier {
namespace {

using ::testing::HasSubstr;

absl::StatusOr<VerifierSettings> Read(std::string const& text) {
  testing::TempDir dir;
  std::string path = dir.WriteFile("v.txtpb", text);
  v1::VerifierServiceConfig config;
  auto file = config::ConfigFile::Load(path, config);
  if (!file.ok()) return file.status();
  return ReadVerifierSettings(*file, config);
}

TEST(VerifierSettingsTest, Defaults) {
  auto settings = Read("github { repository: \"acme/widgets\" }\n");
  ASSERT_TRUE(settings.ok()) << settings.status();
  EXPECT_EQ(settings->min_age, absl::Hours(96));
  EXPECT_EQ(settings->regression_labels, (std::vector<std::string>{"P0", "regression"}));
  EXPECT_EQ(settings->hold_label, "release-hold");
  EXPECT_EQ(settings->submodule_path, "third_party/llvm-project");
  EXPECT_EQ(settings->upstream_repo.owner, "llvm");
  EXPECT_EQ(settings->upstream_repo.name, "llvm-project");
  EXPECT_EQ(settings->upstream_branch, "main");
  EXPECT_TRUE(settings->integrated_commits_url.empty());
  EXPECT_TRUE(settings->integration_status_context.empty());
  EXPECT_TRUE(settings->token.empty());  // optional for the verifier
  EXPECT_EQ(settings->max_candidates, 30);
  EXPECT_FALSE(settings->objection_window.has_value());  // the objections check is off
  EXPECT_EQ(settings->proposal_label, "release-proposal");
  EXPECT_EQ(settings->objector_associations,
            (std::vector<std::string>{"OWNER", "MEMBER", "COLLABORATOR"}));
}

TEST(VerifierSettingsTest, ObjectionsSettings) {
  auto settings = Read(
      "github { repository: \"acme/widgets\" }\nobjection_window: \"48h\"\n"
      "proposal_label: \"proposal\"\nobjector_associations: \"OWNER\"\n");
  ASSERT_TRUE(settings.ok()) << settings.status();
  EXPECT_EQ(settings->objection_window, absl::Hours(48));
  EXPECT_EQ(settings->proposal_label, "proposal");
  EXPECT_EQ(settings->objector_associations, (std::vector<std::string>{"OWNER"}));
}

TEST(VerifierSettingsTest, ErrorsNameFileLineAndField) {
  struct Case {
    char const* text;
    char const* message;
  } const cases[] = {
      {"github { repository: \"acme\" }\n", "v.txtpb:1: github.repository"},
      {"github { repository: \"a/b\" }\nmin_age: \"4 days\"\n", "v.txtpb:2: min_age"},
      {"github { repository: \"a/b\" }\nupstream_repo: \"llvm\"\n", "v.txtpb:2: upstream_repo"},
      {"github { repository: \"a/b\" }\n\nexpected_assets: \"dist/x.whl\"\n",
       "v.txtpb:3: expected_assets[0]"},
      {"github { repository: \"a/b\" }\nintegrated_commits_url: \"http://example.com/x\"\n",
       "v.txtpb:2: integrated_commits_url"},
      {"github { repository: \"a/b\" }\nmax_candidates: 1000\n", "v.txtpb:2: max_candidates"},
      {"github { repository: \"a/b\" }\nobjection_window: \"two days\"\n",
       "v.txtpb:2: objection_window"},
      {"github { repository: \"a/b\" }\nobjector_associations: \"MAINTAINER\"\n",
       "v.txtpb:2: objector_associations[0]: \"MAINTAINER\" is not one of GitHub's"},
      {"github { repository: \"a/b\" }\nproposal_label: \"a,b\"\n", "v.txtpb:2: proposal_label"},
  };
  for (auto const& c : cases) {
    SCOPED_TRACE(c.text);
    auto settings = Read(c.text);
    ASSERT_FALSE(settings.ok());
    EXPECT_EQ(settings.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(settings.status().message(), HasSubstr(c.message));
  }
}

}  // namespace
}  // namespace stablecut::verifier
