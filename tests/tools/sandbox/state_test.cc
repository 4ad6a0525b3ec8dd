// Persistence across restarts, token files, and secrets kept out of output.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <signal.h>
#include <sys/stat.h>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "tests/tools/sandbox/sandbox_fixture.h"

namespace stablecut::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

using SandboxState = SandboxTest;

TEST_F(SandboxState, TokenFilesAreOwnerOnly) {
  for (char const* name : {"github-write.token", "github-read.token", "pypi-upload.token"}) {
    SCOPED_TRACE(name);
    struct stat info;
    ASSERT_EQ(stat((state_dir() + "/" + name).c_str(), &info), 0);
    EXPECT_EQ(info.st_mode & 0777, 0600);
  }
  EXPECT_THAT(ReadFileOrEmpty(state_dir() + "/pypi-upload.token"), StartsWith("pypi-"));
  EXPECT_NE(write(), read());
}

TEST_F(SandboxState, ExitsZeroOnSigterm) {
  sandbox().process().Signal(SIGTERM);
  auto code = sandbox().process().Wait();
  ASSERT_THAT(code, IsOk());
  EXPECT_EQ(*code, 0);
}

TEST_F(SandboxState, ChangesSurviveARestart) {
  std::string head =
      sandbox().Get(SandboxProcess::Demo("/branches/main"), write()).Json()["commit"]["sha"];
  ASSERT_EQ(sandbox()
                .Send("POST", SandboxProcess::Demo("/git/refs"), write(),
                      nlohmann::json{{"ref", "refs/tags/kept"}, {"sha", head}}.dump())
                .status,
            201);
  HttpReply created =
      sandbox().Send("POST", SandboxProcess::Demo("/releases"), write(),
                     R"({"tag_name":"kept","prerelease":true,"make_latest":"false"})");
  ASSERT_EQ(created.status, 201);
  std::string upload = created.Json()["upload_url"].get<std::string>();
  upload = upload.substr(upload.find("/github-uploads"));
  upload = upload.substr(0, upload.find('{')) + "?name=kept.whl";
  ASSERT_EQ(sandbox()
                .Send("POST", upload, write(), "kept bytes",
                      {{"Content-Type", "application/octet-stream"}})
                .status,
            201);
  std::string write_token = write();
  sandbox().process().Signal(SIGTERM);
  ASSERT_THAT(sandbox().process().Wait(), IsOk());

  auto restarted = SandboxProcess::StartOn(state_dir(), "demo", dir_.path() + "/sandbox2.log");
  ASSERT_THAT(restarted, IsOk());
  SandboxProcess& again = **restarted;
  EXPECT_EQ(again.write_token(), write_token);
  EXPECT_EQ(again.Get(SandboxProcess::Demo("/git/ref/tags/kept"), write_token).status, 200);
  HttpReply release = again.Get(SandboxProcess::Demo("/releases/tags/kept"), write_token);
  ASSERT_EQ(release.status, 200);
  ASSERT_EQ(release.Json()["assets"].size(), 1u);
  std::string asset = SandboxProcess::Demo(
      absl::StrCat("/releases/assets/", release.Json()["assets"][0]["id"].get<int64_t>()));
  std::string location =
      again.Get(asset, write_token, {{"Accept", "application/octet-stream"}}).Header("Location");
  httplib::Client storage("localhost", again.port());
  auto bytes = storage.Get(location.substr(location.find("/github-storage")));
  ASSERT_TRUE(bytes);
  EXPECT_EQ(bytes->body, "kept bytes");
}

TEST_F(SandboxState, TokensNeverAppearInOutput) {
  sandbox().Get(SandboxProcess::Demo("/releases"), write());
  sandbox().Get(SandboxProcess::Demo("/releases"), read());
  sandbox().Get(SandboxProcess::Demo("/releases"), "ghp_wrong");
  std::string pypi = ReadFileOrEmpty(state_dir() + "/pypi-upload.token");
  pypi.erase(pypi.find_last_not_of("\n") + 1);
  std::string dump = sandbox().Get("/_control/state", "").body;
  sandbox().process().Signal(SIGTERM);
  ASSERT_THAT(sandbox().process().Wait(), IsOk());
  std::string output = sandbox().process().Log();
  for (std::string const& token : {write(), read(), pypi}) {
    EXPECT_THAT(output, Not(HasSubstr(token)));
    EXPECT_THAT(dump, Not(HasSubstr(token)));
    EXPECT_THAT(ReadFileOrEmpty(state_dir() + "/state.json"), Not(HasSubstr(token)));
  }
  EXPECT_THAT(output, HasSubstr("sandbox listening port="));
}

}  // namespace
}  // namespace stablecut::testing
