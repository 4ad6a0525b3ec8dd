// The per-criterion seeds (tools/sandbox/criterion_seeds.cc): each loads by --seed=NAME and by
// the control API, and has the shape its name promises: one stable release, one pre-release
// candidate, and exactly one of the facts the verifier's checks read changed from the base
// ("passes-all").
#include <map>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "tests/testing/sandbox_process.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/temp_dir.h"

namespace stablecut::testing {
namespace {

using ::testing::HasSubstr;

std::vector<std::string> const kChecks = {
    "",      "age",           "ci",    "on_default_branch", "after_stable", "p0_regressions",
    "holds", "llvm_upstream", "llvm_integrated", "assets", "downstream_integration"};

std::string SeedName(std::string const& check) {
  return check.empty() ? "passes-all" : "fails-" + check;
}

double AgeHours(std::string const& rfc3339) {
  absl::Time time;
  std::string error;
  EXPECT_TRUE(absl::ParseTime(absl::RFC3339_full, rfc3339, &time, &error)) << error;
  return absl::ToDoubleHours(absl::Now() - time);
}

class CriterionSeed : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    auto started = SandboxProcess::StartOn(dir_.path() + "/state", SeedName(GetParam()),
                                           dir_.path() + "/sandbox.log");
    ASSERT_THAT(started, IsOk());
    sandbox_ = *std::move(started);
  }

  nlohmann::json Get(std::string const& suffix) {
    HttpReply reply = sandbox_->Get(SandboxProcess::Demo(suffix), sandbox_->write_token());
    EXPECT_EQ(reply.status, 200) << suffix << ": " << reply.body;
    return reply.Json();
  }

  std::string CompareStatus(std::string const& repo_path, std::string const& base,
                            std::string const& head) {
    HttpReply reply = sandbox_->Get(
        absl::StrCat(repo_path, "/compare/", base, "...", head), sandbox_->read_token());
    EXPECT_EQ(reply.status, 200) << reply.body;
    return reply.Json().value("status", "");
  }

  TempDir dir_;
  std::unique_ptr<SandboxProcess> sandbox_;
};

TEST_P(CriterionSeed, HasTheShapeItsNamePromises) {
  std::string const& fails = GetParam();
  nlohmann::json releases = Get("/releases?per_page=100");
  ASSERT_EQ(releases.size(), 2u) << releases.dump();
  nlohmann::json stable, candidate;
  for (auto const& release : releases) {
    EXPECT_FALSE(release["draft"].get<bool>());
    (release["prerelease"].get<bool>() ? candidate : stable) = release;
  }
  ASSERT_TRUE(candidate.is_object());
  ASSERT_TRUE(stable.is_object());
  EXPECT_EQ(Get("/releases/latest")["id"], stable["id"]);
  EXPECT_NEAR(AgeHours(stable["published_at"].get<std::string>()), 24 * 15, 1);
  EXPECT_NEAR(AgeHours(candidate["published_at"].get<std::string>()), fails == "age" ? 24 : 24 * 6, 1);
  std::string tag = candidate["tag_name"].get<std::string>();
  EXPECT_THAT(tag, ::testing::MatchesRegex("candidate-[0-9]{8}\\.1"));
  std::string sha = candidate["target_commitish"].get<std::string>();
  EXPECT_EQ(Get("/git/ref/tags/" + tag)["object"]["sha"], sha);

  // assets
  EXPECT_EQ(candidate["assets"].size(), fails == "assets" ? 1u : 2u);
  for (auto const& asset : candidate["assets"]) {
    EXPECT_THAT(asset["digest"].get<std::string>(), HasSubstr("sha256:"));
    EXPECT_EQ(asset["updated_at"], candidate["published_at"]);
  }
  // on_default_branch, after_stable
  std::string const widgets = SandboxProcess::Demo("");
  EXPECT_EQ(CompareStatus(widgets, "main", sha),
            fails == "on_default_branch" ? "diverged" : "behind");
  EXPECT_EQ(CompareStatus(widgets, sha, stable["target_commitish"].get<std::string>()),
            fails == "after_stable" ? "diverged" : "behind");
  // llvm_upstream
  nlohmann::json pin = Get("/contents/third_party/llvm-project?ref=" + sha);
  EXPECT_EQ(pin["type"], "submodule");
  EXPECT_EQ(CompareStatus("/github/repos/llvm/llvm-project", "main", pin["sha"].get<std::string>()),
            fails == "llvm_upstream" ? "diverged" : "behind");
  // llvm_integrated: the integrator's list, raw from the web host without a token.
  HttpReply list =
      sandbox_->Get("/github-web/stablecut-demo/integrator/raw/main/llvm-integrated.txt", "");
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_THAT(list.body, ::testing::StartsWith("# LLVM commits integrated downstream"));
  EXPECT_EQ(list.body.find(pin["sha"].get<std::string>()) != std::string::npos,
            fails != "llvm_integrated");
  EXPECT_EQ(sandbox_->Get("/github-web/stablecut-demo/integrator/raw/main/missing.txt", "").status,
            404);
  // ci, downstream_integration
  bool red = false;
  nlohmann::json runs = Get("/commits/" + sha + "/check-runs");
  for (auto const& run : runs["check_runs"]) {
    red = red || run["conclusion"] == "failure";
  }
  EXPECT_EQ(red, fails == "ci");
  std::map<std::string, std::string> statuses;
  nlohmann::json combined = Get("/commits/" + sha + "/status");
  for (auto const& status : combined["statuses"]) {
    statuses[status["context"].get<std::string>()] = status["state"].get<std::string>();
  }
  EXPECT_EQ(statuses["ci/lint"], fails == "ci" ? "failure" : "success");
  EXPECT_EQ(statuses["downstream/integrate"],
            fails == "downstream_integration" ? "failure" : "success");
  // p0_regressions, holds
  nlohmann::json regressions = Get("/issues?state=open&labels=P0,regression");
  ASSERT_EQ(regressions.size(), fails == "p0_regressions" ? 1u : 0u);
  if (!regressions.empty()) {
    EXPECT_EQ(regressions[0]["title"], "Widgets vanish after resizing");
    EXPECT_NEAR(AgeHours(regressions[0]["created_at"].get<std::string>()), 24 * 3, 1);
  }
  nlohmann::json holds = Get("/issues?state=open&labels=release-hold");
  ASSERT_EQ(holds.size(), fails == "holds" ? 1u : 0u);
  if (!holds.empty()) {
    EXPECT_EQ(holds[0]["title"], absl::StrCat("Hold ", tag, ": licence review"));
  }
  EXPECT_EQ(Get("/issues?state=all").size(),
            fails == "p0_regressions" || fails == "holds" ? 1u : 0u);
}

TEST_P(CriterionSeed, LoadsThroughTheControlApi) {
  std::string const name = SeedName(GetParam());
  ASSERT_EQ(sandbox_->Send("POST", "/_control/seed", "", R"({"name":"demo"})").status, 200);
  EXPECT_GT(Get("/releases?per_page=100").size(), 2u);
  HttpReply reply = sandbox_->Send("POST", "/_control/seed", "",
                                   nlohmann::json{{"name", name}}.dump());
  ASSERT_EQ(reply.status, 200) << reply.body;
  EXPECT_EQ(reply.Json()["seeded"], name);
  EXPECT_EQ(Get("/releases?per_page=100").size(), 2u);
}

INSTANTIATE_TEST_SUITE_P(Seeds, CriterionSeed, ::testing::ValuesIn(kChecks),
                         [](::testing::TestParamInfo<std::string> const& info) {
                           return info.param.empty() ? std::string("passes_all") : info.param;
                         });

TEST(CriterionSeeds, AnUnknownNameIsStillRefused) {
  TempDir dir;
  auto sandbox = SandboxProcess::StartOn(dir.path() + "/state", "passes-all",
                                         dir.path() + "/sandbox.log");
  ASSERT_THAT(sandbox, IsOk());
  HttpReply reply =
      (*sandbox)->Send("POST", "/_control/seed", "", R"({"name":"fails-everything"})");
  EXPECT_EQ(reply.status, 400);
  EXPECT_THAT(reply.Json().value("error", ""), HasSubstr("no seed named 'fails-everything'"));
  EXPECT_THAT(reply.Json().value("error", ""), HasSubstr("fails-holds"));
}

}  // namespace
}  // namespace stablecut::testing
