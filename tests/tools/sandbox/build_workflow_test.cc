// build.yml dispatches run by the sandbox over real HTTP: the run completes, the candidate's
// wheels (real ones, at the dispatched version) are attached with their digests; a release
// gone, published or holding a wheel's name fails the run and attaches nothing; a queued run
// is persisted and finished by the next start.

#include <chrono>
#include <thread>

#include <openssl/sha.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "lib/wheel/metadata.h"
#include "tests/tools/sandbox/sandbox_fixture.h"

namespace stablecut::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::UnorderedElementsAre;

constexpr char kVersion[] = "20300101.1";

std::string Sha256Hex(std::string const& data) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<unsigned char const*>(data.data()), data.size(), digest);
  return absl::BytesToHexString(
      absl::string_view(reinterpret_cast<char const*>(digest), SHA256_DIGEST_LENGTH));
}

class SandboxBuildWorkflow : public SandboxTest {
 protected:
  SandboxBuildWorkflow() { build_delay_ms_ = 0; }

  // Creates a release of main tagged `tag`; its id.
  int64_t CreateRelease(std::string const& tag, bool draft) {
    HttpReply created = sandbox().Send(
        "POST", SandboxProcess::Demo("/releases"), write(),
        nlohmann::json{{"tag_name", tag}, {"draft", draft}, {"prerelease", true}}.dump());
    EXPECT_EQ(created.status, 201) << created.body;
    return created.Json().value("id", int64_t{0});
  }

  // Dispatches build.yml for release `release_id`; the run's id.
  int64_t Dispatch(std::string const& release_id) {
    HttpReply dispatched = sandbox().Send(
        "POST", SandboxProcess::Demo("/actions/workflows/build.yml/dispatches"), write(),
        nlohmann::json{{"ref", "main"},
                       {"inputs", {{"package_version", kVersion}, {"release_id", release_id}}},
                       {"return_run_details", true}}
            .dump());
    EXPECT_EQ(dispatched.status, 200) << dispatched.body;
    return dispatched.Json().value("workflow_run_id", int64_t{0});
  }

  // Polls the run until it completes; fails saying so after 30 s.
  nlohmann::json WaitForRun(int64_t run_id) {
    std::string path = SandboxProcess::Demo(absl::StrCat("/actions/runs/", run_id));
    absl::Time deadline = absl::Now() + absl::Seconds(30);
    nlohmann::json run;
    while (absl::Now() < deadline) {
      run = sandbox().Get(path, write()).Json();
      if (run.value("status", "") == "completed") return run;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    ADD_FAILURE() << "run " << run_id << " did not complete within 30 s: " << run.dump();
    return run;
  }

  nlohmann::json Assets(int64_t release_id) {
    return sandbox()
        .Get(SandboxProcess::Demo(absl::StrCat("/releases/", release_id, "/assets")), write())
        .Json();
  }

  // The run's record in the state dump.
  nlohmann::json Recorded(int64_t run_id) {
    nlohmann::json state = sandbox().Get("/_control/state", "").Json();
    for (auto const& dispatch : state["dispatches"]) {
      if (dispatch["workflow_run_id"] == run_id) return dispatch;
    }
    return nullptr;
  }

  // The asset's bytes, downloaded as a client does: API, 302, signed storage URL.
  std::string Download(int64_t asset_id) {
    std::string location =
        sandbox()
            .Get(SandboxProcess::Demo(absl::StrCat("/releases/assets/", asset_id)), write(),
                 {{"Accept", "application/octet-stream"}})
            .Header("Location");
    httplib::Client storage("localhost", sandbox().port());
    auto bytes = storage.Get(location.substr(location.find("/github-storage")));
    EXPECT_TRUE(bytes && bytes->status == 200) << location;
    return bytes ? bytes->body : "";
  }
};

TEST_F(SandboxBuildWorkflow, ADispatchBuildsAndAttachesBothWheelsAtTheDispatchedVersion) {
  int64_t release = CreateRelease("candidate-20300101.1", /*draft=*/true);
  int64_t run_id = Dispatch(std::to_string(release));
  nlohmann::json run = WaitForRun(run_id);
  EXPECT_EQ(run["conclusion"], "success");
  EXPECT_TRUE(run["run_started_at"].is_string());
  EXPECT_EQ(run["event"], "workflow_dispatch");

  nlohmann::json assets = Assets(release);
  std::vector<std::string> names;
  for (auto const& asset : assets) {
    names.push_back(asset["name"]);
    EXPECT_EQ(asset["uploader"]["login"], "stablecut-bot");
    std::string bytes = Download(asset["id"].get<int64_t>());
    EXPECT_EQ(asset["digest"], "sha256:" + Sha256Hex(bytes));
    EXPECT_EQ(asset["size"], bytes.size());
    auto metadata = wheel::ReadWheelMetadataFromBuffer(bytes);
    ASSERT_TRUE(metadata.ok()) << metadata.status();
    EXPECT_EQ(metadata->Get("Version"), kVersion);
  }
  EXPECT_THAT(names, UnorderedElementsAre("widgets-20300101.1-py3-none-any.whl",
                                          "widgets_runtime-20300101.1-py3-none-any.whl"));

  // The runs list and the state dump say the same.
  nlohmann::json runs =
      sandbox()
          .Get(SandboxProcess::Demo("/actions/workflows/build.yml/runs?event=workflow_dispatch"),
               write())
          .Json();
  ASSERT_EQ(runs["total_count"], 1);
  EXPECT_EQ(runs["workflow_runs"][0]["status"], "completed");
  EXPECT_EQ(runs["workflow_runs"][0]["conclusion"], "success");
  EXPECT_EQ(Recorded(run_id)["status"], "completed");
  EXPECT_EQ(Recorded(run_id)["conclusion"], "success");
}

TEST_F(SandboxBuildWorkflow, ABuildIntoAPublishedReleaseFailsAndAttachesNothing) {
  int64_t release = CreateRelease("candidate-20300101.1", /*draft=*/false);
  nlohmann::json run = WaitForRun(Dispatch(std::to_string(release)));
  EXPECT_EQ(run["conclusion"], "failure");
  EXPECT_TRUE(Assets(release).empty());
  EXPECT_THAT(Recorded(run["id"])["failure_reason"].get<std::string>(), HasSubstr("not a draft"));
  EXPECT_THAT(sandbox().Output(), HasSubstr("conclusion=failure"));
}

TEST_F(SandboxBuildWorkflow, ABuildIntoAReleaseThatIsGoneFails) {
  int64_t release = CreateRelease("candidate-20300101.1", /*draft=*/true);
  ASSERT_EQ(sandbox()
                .Send("DELETE", SandboxProcess::Demo(absl::StrCat("/releases/", release)),
                      write())
                .status,
            204);
  nlohmann::json run = WaitForRun(Dispatch(std::to_string(release)));
  EXPECT_EQ(run["conclusion"], "failure");
  EXPECT_THAT(Recorded(run["id"])["failure_reason"].get<std::string>(), HasSubstr("not found"));
}

TEST_F(SandboxBuildWorkflow, AnAssetOfAWheelsNameFailsTheRunAndAttachesNeitherWheel) {
  int64_t release = CreateRelease("candidate-20300101.1", /*draft=*/true);
  std::string taken = "widgets_runtime-20300101.1-py3-none-any.whl";
  HttpReply uploaded = sandbox().Send(
      "POST", absl::StrCat("/github-uploads/repos/stablecut-demo/widgets/releases/", release,
                           "/assets?name=", taken),
      write(), "uploaded by hand", {{"Content-Type", "application/octet-stream"}});
  ASSERT_EQ(uploaded.status, 201) << uploaded.body;
  nlohmann::json run = WaitForRun(Dispatch(std::to_string(release)));
  EXPECT_EQ(run["conclusion"], "failure");
  nlohmann::json assets = Assets(release);
  ASSERT_EQ(assets.size(), 1u);
  EXPECT_EQ(assets[0]["name"], taken);
  EXPECT_EQ(assets[0]["size"], std::string("uploaded by hand").size());
  EXPECT_THAT(Recorded(run["id"])["failure_reason"].get<std::string>(),
              HasSubstr("already has an asset named " + taken));
}

// Started without builds, the run stays queued (persisted); the next sandbox, which builds,
// finishes it.
TEST_F(SandboxBuildWorkflow, AQueuedRunIsFinishedAfterARestart) {
  ASSERT_THAT(sandbox_->Stop(), IsOk());
  auto quiet = SandboxProcess::StartOn(state_dir(), "demo", dir_.path() + "/quiet.log",
                                       SandboxProcess::kNoBuilds);
  ASSERT_THAT(quiet, IsOk());
  sandbox_ = *std::move(quiet);
  int64_t release = CreateRelease("candidate-20300101.1", /*draft=*/true);
  int64_t run_id = Dispatch(std::to_string(release));
  EXPECT_EQ(Recorded(run_id)["status"], "queued");
  EXPECT_TRUE(Recorded(run_id)["conclusion"] == "");
  EXPECT_EQ(sandbox().Get(SandboxProcess::Demo(absl::StrCat("/actions/runs/", run_id)), write())
                .Json()["status"],
            "queued");

  ASSERT_THAT(sandbox_->Stop(), IsOk());
  auto building = SandboxProcess::StartOn(state_dir(), "demo", dir_.path() + "/building.log", 0);
  ASSERT_THAT(building, IsOk());
  sandbox_ = *std::move(building);
  EXPECT_EQ(WaitForRun(run_id)["conclusion"], "success");
  EXPECT_EQ(Assets(release).size(), 2u);
}

}  // namespace
}  // namespace stablecut::testing
