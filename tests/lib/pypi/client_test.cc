// pypi::PypiClient against a running stablecut-sandbox: uploads as twine does, the JSON API,
// "already exists", retries, and the token's path.

#include "lib/pypi/client.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "lib/http/file_body.h"
#include "tests/testing/log_capture.h"
#include "tests/testing/sandbox_process.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/temp_dir.h"
#include "tests/testing/wheel_builder.h"

namespace stablecut::pypi {
namespace {

using ::stablecut::testing::IsOk;
using ::stablecut::testing::SandboxProcess;
using ::stablecut::testing::StatusIs;
using ::stablecut::testing::TempDir;
using ::testing::HasSubstr;
using ::testing::Not;


std::string Metadata(absl::string_view summary) {
  return absl::StrCat("Metadata-Version: 2.1\nName: stablecut-clienttest\nVersion: 1.0\n",
                      "Summary: ", summary, "\n");
}

class PypiClientTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto sandbox = SandboxProcess::Start("demo");
    ASSERT_THAT(sandbox, IsOk());
    sandbox_ = *std::move(sandbox);
    http::ClientOptions client_options;
    client_options.sleeper = [this](absl::Duration d) { delays_.push_back(d); };
    http_ = std::make_unique<http::Client>(client_options);
    pypi_ = MakeClient(sandbox_->pypi_token());
  }

  std::unique_ptr<PypiClient> MakeClient(std::string const& token) {
    PypiClientOptions options;
    options.upload_url = sandbox_->PypiUploadUrl();
    options.json_api_base_url = sandbox_->PypiJsonUrl();
    options.token = http::Secret(token);
    return std::make_unique<PypiClient>(*http_, options);
  }

  std::unique_ptr<SandboxProcess> sandbox_;
  std::vector<absl::Duration> delays_;
  std::unique_ptr<http::Client> http_;
  std::unique_ptr<PypiClient> pypi_;
  TempDir dir_;
};

TEST_F(PypiClientTest, UploadsAWheelThatTheJsonApiThenListsWithItsSha256) {
  std::string wheel =
      stablecut::testing::WriteTestWheel(dir_.path(), "stablecut_clienttest", "1.0", Metadata("one"));
  auto uploaded = pypi_->UploadWheel({}, wheel);
  ASSERT_THAT(uploaded, IsOk());
  EXPECT_EQ(*uploaded, UploadResult::kUploaded);
  auto files = pypi_->ListReleaseFiles({}, "stablecut-clienttest", "1.0");
  ASSERT_THAT(files, IsOk());
  ASSERT_EQ(files->size(), 1u);
  auto digests = http::DigestFile(wheel);
  ASSERT_THAT(digests, IsOk());
  EXPECT_EQ((*files)[0].filename, "stablecut_clienttest-1.0-py3-none-any.whl");
  EXPECT_EQ((*files)[0].sha256, digests->sha256);
  EXPECT_EQ((*files)[0].size, digests->size);
}

TEST_F(PypiClientTest, IdenticalReuploadIsAcceptedAndOtherBytesAlreadyExist) {
  std::string wheel =
      stablecut::testing::WriteTestWheel(dir_.path(), "stablecut_clienttest", "1.0", Metadata("one"));
  ASSERT_THAT(pypi_->UploadWheel({}, wheel), IsOk());
  auto again = pypi_->UploadWheel({}, wheel);
  ASSERT_THAT(again, IsOk());
  EXPECT_EQ(*again, UploadResult::kUploaded);

  TempDir other_dir;
  std::string other = stablecut::testing::WriteTestWheel(other_dir.path(), "stablecut_clienttest",
                                                         "1.0", Metadata("two"));
  auto conflict = pypi_->UploadWheel({}, other);
  ASSERT_THAT(conflict, IsOk());
  EXPECT_EQ(*conflict, UploadResult::kAlreadyExists);
  auto files = pypi_->ListReleaseFiles({}, "stablecut-clienttest", "1.0");
  ASSERT_THAT(files, IsOk());
  ASSERT_EQ(files->size(), 1u);
  EXPECT_EQ((*files)[0].sha256, http::DigestFile(wheel)->sha256);
}

TEST_F(PypiClientTest, UnknownReleaseIsNotFound) {
  EXPECT_THAT(pypi_->ListReleaseFiles({}, "no-such-project", "1.0"),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("no-such-project")));
}

TEST_F(PypiClientTest, WrongTokenIsRefusedWithoutShowingAnyToken) {
  stablecut::testing::LogCapture logs;
  std::string wrong = absl::StrCat("pypi-", "wrong-token-made-by-this-test");
  auto stranger = MakeClient(wrong);
  std::string wheel =
      stablecut::testing::WriteTestWheel(dir_.path(), "stablecut_clienttest", "1.0", Metadata("x"));
  auto result = stranger->UploadWheel({}, wheel);
  EXPECT_THAT(result, StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("403")));
  EXPECT_THAT(result.status().message(), Not(HasSubstr(wrong)));
  EXPECT_THAT(result.status().message(), Not(HasSubstr(sandbox_->pypi_token())));
  EXPECT_THAT(logs.Text(), Not(HasSubstr(wrong)));
  auto dump = sandbox_->DumpState();
  ASSERT_THAT(dump, IsOk());
  EXPECT_THAT(*dump, Not(HasSubstr(wrong)));
  EXPECT_THAT(*dump, Not(HasSubstr(sandbox_->pypi_token())));
}

TEST_F(PypiClientTest, RetriesAnUploadThroughInjectedServiceUnavailable) {
  ASSERT_THAT(sandbox_->InjectFault(R"({"method":"POST","path_regex":"^/pypi/legacy/$","status":503,"count":2})"),
              IsOk());
  std::string wheel =
      stablecut::testing::WriteTestWheel(dir_.path(), "stablecut_clienttest", "1.0", Metadata("r"));
  auto uploaded = pypi_->UploadWheel({}, wheel);
  ASSERT_THAT(uploaded, IsOk());
  EXPECT_EQ(*uploaded, UploadResult::kUploaded);
  EXPECT_EQ(delays_.size(), 2u);
}

TEST_F(PypiClientTest, AWheelWhoseNameDisagreesWithItsMetadataIsNotSent) {
  std::string wheel = stablecut::testing::WriteTestWheel(
      dir_.path(), "stablecut_clienttest", "1.0",
      "Metadata-Version: 2.1\nName: something-else\nVersion: 1.0\n");
  EXPECT_THAT(pypi_->UploadWheel({}, wheel), StatusIs(absl::StatusCode::kInvalidArgument, ::testing::_));
  auto files = pypi_->ListReleaseFiles({}, "stablecut-clienttest", "1.0");
  EXPECT_THAT(files, StatusIs(absl::StatusCode::kNotFound, ::testing::_));
}

}  // namespace
}  // namespace stablecut::pypi
