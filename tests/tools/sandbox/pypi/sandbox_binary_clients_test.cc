// Fidelity with clients no one here wrote, against the real stablecut-sandbox binary: Debian's
// twine uploads to its PyPI, Debian's pip downloads from its simple index.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "tests/testing/sandbox_process.h"
#include "tests/testing/subprocess.h"
#include "tests/testing/temp_dir.h"
#include "tests/testing/wheel_builder.h"
#include "tests/tools/sandbox/pypi/pypi_test_env.h"
#include "tests/tools/sandbox/pypi/python_clients.h"

namespace stablecut::sandbox::testing {
namespace {

using ::stablecut::testing::CommandResult;
using ::stablecut::testing::ReadFileOrEmpty;
using ::stablecut::testing::SandboxProcess;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

// A project the demo seed does not have, so that every upload here is the test's own.
constexpr char kProject[] = "sandbox-fidelity";
constexpr char kDistribution[] = "sandbox_fidelity";
constexpr char kWheelName[] = "sandbox_fidelity-1.0.0-py3-none-any.whl";
constexpr char kWrongToken[] = "pypi-not-the-sandbox-token-51c0";

class SandboxBinaryClients : public ::testing::Test {
 protected:
  void SetUp() override {
    auto sandbox = SandboxProcess::Start("demo");
    ASSERT_TRUE(sandbox.ok()) << sandbox.status();
    sandbox_ = *std::move(sandbox);
    token_ = sandbox_->pypi_token();
    ASSERT_FALSE(token_.empty()) << "no pypi-upload.token in " << sandbox_->state_dir();
  }

  CommandResult Twine(std::string const& wheel, std::vector<std::string> extra = {}) {
    return TwineAs(token_, wheel, std::move(extra));
  }
  CommandResult TwineAs(std::string const& password, std::string const& wheel,
                        std::vector<std::string> extra = {}) {
    return Run(TwineUploadCommand(sandbox_->PypiUploadUrl(), password, wheel, extra));
  }
  CommandResult PipDownload(std::string const& into) {
    return Run(
        PipDownloadCommand(sandbox_->PypiSimpleUrl(), into, absl::StrCat(kProject, "==1.0.0")));
  }
  CommandResult Run(std::vector<std::string> const& command) {
    return RunClient(command, absl::StrCat(dir_.path(), "/run-", ++runs_, ".log"));
  }

  std::string DifferentWheelSameName() {
    return stablecut::testing::WriteTestWheel(
        other_.path(), kDistribution, "1.0.0",
        absl::StrCat("Metadata-Version: 2.1\nName: ", kDistribution,
                     "\nVersion: 1.0.0\nSummary: changed bytes\n"));
  }

  // The control API's state dump, parsed.
  nlohmann::json Dump() {
    auto text = sandbox_->DumpState();
    EXPECT_TRUE(text.ok()) << text.status();
    if (!text.ok()) return nlohmann::json::object();
    auto json = nlohmann::json::parse(*text, nullptr, /*allow_exceptions=*/false);
    EXPECT_FALSE(json.is_discarded()) << *text;
    return json.is_discarded() ? nlohmann::json::object() : json;
  }
  // The status of every POST to the upload endpoint the sandbox saw, in order.
  std::vector<int> UploadPostStatuses() {
    std::vector<int> statuses;
    nlohmann::json const dump = Dump();
    for (auto const& request : dump.value("requests", nlohmann::json::array())) {
      if (request.value("method", "") == "POST" && request.value("path", "") == "/pypi/legacy/") {
        statuses.push_back(request.value("status", 0));
      }
    }
    return statuses;
  }
  // The sha256 of every file the sandbox stores for the project.
  std::vector<std::string> StoredSha256s() {
    std::vector<std::string> sha256s;
    nlohmann::json dump = Dump();
    for (auto const& release : dump["pypi"]["projects"][kProject]["releases"]) {
      for (auto const& file : release["files"]) sha256s.push_back(file.value("sha256", ""));
    }
    return sha256s;
  }

  stablecut::testing::TempDir dir_;
  stablecut::testing::TempDir other_;
  std::unique_ptr<SandboxProcess> sandbox_;
  std::string token_;
  std::string wheel_ = stablecut::testing::WriteTestWheel(dir_.path(), kDistribution, "1.0.0");
  int runs_ = 0;
};

TEST_F(SandboxBinaryClients, TwineUploadsAndAnIdenticalReuploadAlsoSucceeds) {
  auto first = Twine(wheel_);
  EXPECT_EQ(first.exit_code, 0) << first.output;
  // Warehouse answers a byte-identical re-upload with 200, and twine 4 reports success.
  auto again = Twine(wheel_);
  EXPECT_EQ(again.exit_code, 0) << again.output;
  EXPECT_THAT(UploadPostStatuses(), ElementsAre(200, 200));
  EXPECT_THAT(StoredSha256s(), ElementsAre(Sha256OfFile(wheel_)));
  auto uploads = Dump()["pypi"]["uploads"];
  ASSERT_EQ(uploads.size(), 2u);
  EXPECT_EQ(uploads[1]["status"], 200);
  EXPECT_EQ(uploads[1]["identity"], "api-token");
}

TEST_F(SandboxBinaryClients, TwineIsRefusedADifferentFileWithTheSameName) {
  ASSERT_EQ(Twine(wheel_).exit_code, 0);
  auto refused = Twine(DifferentWheelSameName());
  EXPECT_NE(refused.exit_code, 0);
  EXPECT_THAT(refused.output, HasSubstr("HTTPError: 400 Bad Request"));
  // The reason is in the body, which only --verbose prints.
  auto verbose = Twine(DifferentWheelSameName(), {"--verbose"});
  EXPECT_NE(verbose.exit_code, 0);
  EXPECT_THAT(verbose.output,
              HasSubstr(absl::StrCat("File already exists ('", kWheelName,
                                     "', with blake2_256 hash")));
  EXPECT_THAT(UploadPostStatuses(), ElementsAre(200, 400, 400));
  // The first file stays.
  EXPECT_THAT(StoredSha256s(), ElementsAre(Sha256OfFile(wheel_)));
}

TEST_F(SandboxBinaryClients, TwineSkipExistingSkipsTheDifferentFile) {
  ASSERT_EQ(Twine(wheel_).exit_code, 0);
  auto skipped = Twine(DifferentWheelSameName(), {"--skip-existing"});
  EXPECT_EQ(skipped.exit_code, 0) << skipped.output;
  EXPECT_THAT(skipped.output, HasSubstr(absl::StrCat("Skipping ", kWheelName,
                                                     " because it appears to already exist")));
  EXPECT_THAT(StoredSha256s(), ElementsAre(Sha256OfFile(wheel_)));
}

TEST_F(SandboxBinaryClients, PipDownloadsTheWheelBackWithItsHashChecked) {
  ASSERT_EQ(Twine(wheel_).exit_code, 0);
  // The simple index links the file with the sha256 pip checks the download against.
  auto page = sandbox_->Get(absl::StrCat("/pypi/simple/", kProject, "/"), "");
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_THAT(page.body, HasSubstr(absl::StrCat(kWheelName, "#sha256=", Sha256OfFile(wheel_))));
  stablecut::testing::TempDir into;
  auto result = PipDownload(into.path());
  EXPECT_EQ(result.exit_code, 0) << result.output;
  EXPECT_THAT(result.output, HasSubstr(absl::StrCat("Saved ", into.path(), "/", kWheelName)));
  std::string downloaded = ReadFileOrEmpty(absl::StrCat(into.path(), "/", kWheelName));
  EXPECT_FALSE(downloaded.empty());
  EXPECT_EQ(downloaded, ReadFileOrEmpty(wheel_));
}

TEST_F(SandboxBinaryClients, PipRefusesAStoredFileThatNoLongerMatchesItsHash) {
  ASSERT_EQ(Twine(wheel_).exit_code, 0);
  // Flip a byte of the stored file behind the sandbox's back (same size, different content).
  auto files = Dump()["pypi"]["projects"][kProject]["releases"][0]["files"];
  ASSERT_EQ(files.size(), 1u);
  std::string stored = absl::StrCat(sandbox_->state_dir(), "/state/pypi/files/",
                                    files[0].value("path", ""));
  std::string bytes = ReadFileOrEmpty(stored);
  ASSERT_FALSE(bytes.empty()) << stored;
  bytes[bytes.size() / 2] ^= 0x55;
  {
    std::ofstream out(stored, std::ios::binary | std::ios::trunc);
    out << bytes;
  }
  ASSERT_EQ(ReadFileOrEmpty(stored), bytes);
  stablecut::testing::TempDir into;
  auto result = PipDownload(into.path());
  EXPECT_NE(result.exit_code, 0);
  EXPECT_THAT(result.output, HasSubstr("THESE PACKAGES DO NOT MATCH THE HASHES"));
}

TEST_F(SandboxBinaryClients, AWrongTokenGets403AndNoTokenIsEverShown) {
  auto refused = TwineAs(kWrongToken, wheel_);
  EXPECT_NE(refused.exit_code, 0);
  EXPECT_THAT(refused.output, HasSubstr("HTTPError: 403 Forbidden"));
  auto verbose = TwineAs(kWrongToken, wheel_, {"--verbose"});
  EXPECT_NE(verbose.exit_code, 0);
  EXPECT_THAT(verbose.output, HasSubstr("403 Invalid or non-existent authentication information"));
  EXPECT_THAT(StoredSha256s(), ::testing::IsEmpty());
  // And the right token, so that it too crossed the wire.
  auto accepted = Twine(wheel_, {"--verbose"});
  EXPECT_EQ(accepted.exit_code, 0) << accepted.output;
  EXPECT_THAT(UploadPostStatuses(), ElementsAre(403, 403, 200));

  auto dump = sandbox_->DumpState();
  ASSERT_TRUE(dump.ok()) << dump.status();
  std::string const twine_output = refused.output + verbose.output + accepted.output;
  std::string const sandbox_output = sandbox_->Output();
  for (std::string const& token : {token_, std::string(kWrongToken)}) {
    // As given, and as it travels in the Basic Authorization header.
    for (std::string const& form :
         {token, absl::Base64Escape(absl::StrCat("__token__:", token))}) {
      EXPECT_THAT(twine_output, Not(HasSubstr(form)));
      EXPECT_THAT(sandbox_output, Not(HasSubstr(form)));
      EXPECT_THAT(*dump, Not(HasSubstr(form)));
    }
  }
}

TEST_F(SandboxBinaryClients, TwineRetriesAnInjected503AndSucceeds) {
  auto injected = sandbox_->InjectFault(
      R"({"method":"POST","path_regex":"^/pypi/legacy/$","status":503,"count":1})");
  ASSERT_TRUE(injected.ok()) << injected;
  auto result = Twine(wheel_);
  EXPECT_EQ(result.exit_code, 0) << result.output;
  // twine 4 re-POSTs on a 5xx by itself, up to 5 times.
  EXPECT_THAT(result.output, HasSubstr("Received \"503: Service Unavailable\""));
  EXPECT_THAT(result.output, HasSubstr("Retry 1 of 5"));
  EXPECT_THAT(UploadPostStatuses(), ElementsAre(503, 200));
  EXPECT_THAT(Dump()["faults"], ::testing::IsEmpty());
  EXPECT_THAT(StoredSha256s(), ElementsAre(Sha256OfFile(wheel_)));
}

// --pypi_max_project_mib reaches the binary's PyPI: a 1 MiB limit refuses a file just over it
// with PyPI's text, and a limit that is not positive stops the start.
TEST(SandboxBinaryLimits, TheProjectLimitFlagIsPypisProjectSizeLimit) {
  auto sandbox = SandboxProcess::Start("none", SandboxProcess::kNoBuilds,
                                       {"--pypi_max_project_mib=1"});
  ASSERT_TRUE(sandbox.ok()) << sandbox.status();
  stablecut::testing::TempDir dir;
  // The size check comes before any archive check, so zeros under a wheel's name will do.
  std::string big =
      dir.WriteFile("widgets-1.0.0-py3-none-any.whl", std::string((1 << 20) + 1, '\0'));
  std::vector<std::string> args = {"-u", absl::StrCat("__token__:", (*sandbox)->pypi_token())};
  auto form = UploadFormArgs(big, "widgets", "1.0.0");
  args.insert(args.end(), form.begin(), form.end());
  args.push_back((*sandbox)->PypiUploadUrl());
  auto result = Curl(dir.path(), args);
  EXPECT_EQ(result.status, 400);
  EXPECT_THAT(result.body, HasSubstr("Project size too large. Limit for project 'widgets' "
                                     "total size is 0 GB."));
}

TEST(SandboxBinaryLimits, ALimitThatIsNotPositiveStopsTheStart) {
  auto sandbox = SandboxProcess::Start("none", SandboxProcess::kNoBuilds,
                                       {"--pypi_max_project_mib=0"});
  ASSERT_FALSE(sandbox.ok());
  EXPECT_THAT(sandbox.status().message(),
              HasSubstr("--pypi_max_project_mib must be positive, not 0"));
}

}  // namespace
}  // namespace stablecut::sandbox::testing
