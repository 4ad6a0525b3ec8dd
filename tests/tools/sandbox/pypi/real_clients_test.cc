// Fidelity with clients no one here wrote: Debian's twine uploads, Debian's pip downloads.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"
#include "tests/testing/subprocess.h"
#include "tests/testing/temp_dir.h"
#include "tests/testing/wheel_builder.h"
#include "tests/tools/sandbox/pypi/pypi_test_env.h"
#include "tests/tools/sandbox/pypi/python_clients.h"

namespace stablecut::sandbox::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class RealClients : public ::testing::Test {
 protected:
  stablecut::testing::CommandResult Twine(std::string const& wheel,
                                          std::vector<std::string> extra = {}) {
    return Run(TwineUploadCommand(server_.base_url() + "/legacy/", kToken, wheel, extra));
  }
  stablecut::testing::CommandResult PipDownload(std::string const& into) {
    return Run(PipDownloadCommand(server_.base_url() + "/simple/", into, "widgets==1.0.0"));
  }
  stablecut::testing::CommandResult Run(std::vector<std::string> const& command) {
    return RunClient(command, absl::StrCat(dir_.path(), "/run-", ++runs_, ".log"));
  }
  std::string DifferentWheelSameName() {
    return stablecut::testing::WriteTestWheel(
        other_.path(), "widgets", "1.0.0",
        "Metadata-Version: 2.1\nName: widgets\nVersion: 1.0.0\nSummary: changed bytes\n");
  }

  stablecut::testing::TempDir dir_;
  stablecut::testing::TempDir other_;
  PypiTestServer server_{dir_.path() + "/state"};
  std::string wheel_ = stablecut::testing::WriteTestWheel(dir_.path(), "widgets", "1.0.0");
  int runs_ = 0;
};

TEST_F(RealClients, TwineUploadsAndAnIdenticalReuploadAlsoSucceeds) {
  auto first = Twine(wheel_);
  EXPECT_EQ(first.exit_code, 0) << first.output;
  // Warehouse answers a byte-identical re-upload with 200, so twine 4 reports success.
  auto again = Twine(wheel_);
  EXPECT_EQ(again.exit_code, 0) << again.output;
  auto uploads = server_.index().Dump()["uploads"];
  ASSERT_EQ(uploads.size(), 2u);
  EXPECT_EQ(uploads[1]["status"], 200);
  EXPECT_EQ(uploads[1]["identity"], "api-token");
  EXPECT_THAT(first.output + again.output, Not(HasSubstr(kToken)));
}

TEST_F(RealClients, TwineIsRefusedADifferentFileWithTheSameName) {
  ASSERT_EQ(Twine(wheel_).exit_code, 0);
  auto refused = Twine(DifferentWheelSameName());
  EXPECT_NE(refused.exit_code, 0);
  // twine prints the reason phrase, which httplib 0.11 cannot customize (warehouse puts
  // the message there); the message is in the body, which --verbose prints.
  EXPECT_THAT(refused.output, HasSubstr("HTTPError: 400 Bad Request"));
  auto verbose = Twine(DifferentWheelSameName(), {"--verbose"});
  EXPECT_NE(verbose.exit_code, 0);
  EXPECT_THAT(verbose.output,
              HasSubstr("<title>400 File already exists ('widgets-1.0.0-py3-none-any.whl', "
                        "with blake2_256 hash"));
}

TEST_F(RealClients, TwineSkipExistingSkipsTheDifferentFile) {
  ASSERT_EQ(Twine(wheel_).exit_code, 0);
  auto skipped = Twine(DifferentWheelSameName(), {"--skip-existing"});
  EXPECT_EQ(skipped.exit_code, 0) << skipped.output;
  EXPECT_THAT(skipped.output, HasSubstr("Skipping widgets-1.0.0-py3-none-any.whl"));
}

TEST_F(RealClients, TwineGetsA403ForABadToken) {
  auto argv_result =
      Run(TwineUploadCommand(server_.base_url() + "/legacy/", "pypi-wrong", wheel_));
  EXPECT_NE(argv_result.exit_code, 0);
  EXPECT_THAT(argv_result.output, HasSubstr("403 Forbidden"));
}

TEST_F(RealClients, PipDownloadsTheWheelBackWithItsHashChecked) {
  ASSERT_EQ(Twine(wheel_).exit_code, 0);
  stablecut::testing::TempDir into;
  auto result = PipDownload(into.path());
  EXPECT_EQ(result.exit_code, 0) << result.output;
  EXPECT_EQ(stablecut::testing::ReadFileOrEmpty(into.path() + "/widgets-1.0.0-py3-none-any.whl"),
            stablecut::testing::ReadFileOrEmpty(wheel_));
}

TEST_F(RealClients, PipRefusesATamperedStoredFile) {
  ASSERT_EQ(Twine(wheel_).exit_code, 0);
  // Overwrite the stored bytes behind the index's back (same size, different content).
  auto release = server_.index().Dump()["projects"]["widgets"]["releases"][0];
  std::string stored =
      absl::StrCat(dir_.path(), "/state/pypi/files/",
                   release["files"][0]["path"].get<std::string>());
  std::string bytes = stablecut::testing::ReadFileOrEmpty(stored);
  ASSERT_FALSE(bytes.empty());
  bytes[bytes.size() / 2] ^= 0x55;
  {
    std::FILE* out = std::fopen(stored.c_str(), "wb");
    ASSERT_NE(out, nullptr);
    std::fwrite(bytes.data(), 1, bytes.size(), out);
    std::fclose(out);
  }
  stablecut::testing::TempDir into;
  auto result = PipDownload(into.path());
  EXPECT_NE(result.exit_code, 0);
  EXPECT_THAT(result.output, HasSubstr("THESE PACKAGES DO NOT MATCH THE HASHES"));
}

}  // namespace
}  // namespace stablecut::sandbox::testing
