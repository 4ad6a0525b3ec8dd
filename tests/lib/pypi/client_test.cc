// pypi::PypiClient against a running stablecut-sandbox: uploads as twine does, the JSON API,
// "already exists", retries, and the token's path.

#include "lib/pypi/client.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "lib/http/file_body.h"
#include "lib/wheel/metadata.h"
#include "tests/testing/chunked_source.h"
#include "tests/testing/log_capture.h"
#include "tests/testing/sandbox_process.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/temp_dir.h"
#include "tests/testing/wheel_builder.h"

namespace stablecut::pypi {
namespace {

using ::stablecut::testing::ChunkedSource;
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

std::string ReadFile(std::string const& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

// Writes `bytes` to a file in `dir` and returns its path (to digest them with DigestFile).
std::string WriteBytes(std::string const& dir, std::string const& bytes) {
  std::string path = dir + "/bytes.bin";
  std::ofstream(path, std::ios::binary) << bytes;
  return path;
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

// A wheel handed over as bytes from a source that is not a file and does not know its
// size, as the publisher streams a GitHub release asset.
struct StreamedWheel {
  std::string filename = "stablecut_clienttest-1.0-py3-none-any.whl";
  wheel::Metadata metadata;
  http::FileDigests digests;
  std::string bytes;
};

StreamedWheel MakeStreamedWheel(std::string const& dir, absl::string_view summary) {
  StreamedWheel wheel;
  std::string path =
      stablecut::testing::WriteTestWheel(dir, "stablecut_clienttest", "1.0", Metadata(summary));
  wheel.bytes = ReadFile(path);
  auto digests = http::DigestFile(path);
  EXPECT_THAT(digests, IsOk());
  wheel.digests = *digests;
  auto metadata = wheel::ReadWheelMetadataFromBuffer(wheel.bytes);
  EXPECT_THAT(metadata, IsOk());
  wheel.metadata = *metadata;
  return wheel;
}

TEST_F(PypiClientTest, UploadsFromAByteSourceThatIsNotAFile) {
  StreamedWheel wheel = MakeStreamedWheel(dir_.path(), "streamed");
  ChunkedSource source(wheel.bytes, 777);
  FileUpload upload{wheel.filename, wheel.metadata, wheel.digests.sha256, "",
                     wheel.digests.size, source};
  auto uploaded = pypi_->Upload({}, upload);
  ASSERT_THAT(uploaded, IsOk());
  EXPECT_EQ(*uploaded, UploadResult::kUploaded);
  auto files = pypi_->ListReleaseFiles({}, "stablecut-clienttest", "1.0");
  ASSERT_THAT(files, IsOk());
  ASSERT_EQ(files->size(), 1u);
  EXPECT_EQ((*files)[0].filename, wheel.filename);
  EXPECT_EQ((*files)[0].sha256, wheel.digests.sha256);
  EXPECT_EQ((*files)[0].size, wheel.digests.size);
}

TEST_F(PypiClientTest, AStreamedUploadIsRewoundAndSentAgainThroughServiceUnavailable) {
  ASSERT_THAT(sandbox_->InjectFault(R"({"method":"POST","path_regex":"^/pypi/legacy/$","status":503,"count":1})"),
              IsOk());
  StreamedWheel wheel = MakeStreamedWheel(dir_.path(), "retried");
  ChunkedSource source(wheel.bytes);
  FileUpload upload{wheel.filename, wheel.metadata, wheel.digests.sha256, "",
                     wheel.digests.size, source};
  auto uploaded = pypi_->Upload({}, upload);
  ASSERT_THAT(uploaded, IsOk());
  EXPECT_EQ(*uploaded, UploadResult::kUploaded);
  EXPECT_GE(source.rewinds(), 1);
  auto files = pypi_->ListReleaseFiles({}, "stablecut-clienttest", "1.0");
  ASSERT_THAT(files, IsOk());
  ASSERT_EQ(files->size(), 1u);
  EXPECT_EQ((*files)[0].sha256, wheel.digests.sha256);
}

// The bytes streamed differ from those the stated sha256 is of (say one byte changed
// between GitHub and us): the upload is cut off before the body ends, so PyPI stores
// nothing, and the error names the file and both digests. Not retried: the same bytes
// would fail again.
TEST_F(PypiClientTest, BytesThatDoNotMatchTheStatedSha256AreStoppedBeforePypiStoresThem) {
  StreamedWheel wheel = MakeStreamedWheel(dir_.path(), "wrong");
  std::string changed = wheel.bytes;
  changed[changed.size() / 2] ^= 0x01;
  std::string changed_sha256 = http::DigestFile(WriteBytes(dir_.path(), changed))->sha256;
  ChunkedSource source(changed);
  FileUpload upload{wheel.filename, wheel.metadata, wheel.digests.sha256, "",
                     wheel.digests.size, source};
  auto uploaded = pypi_->Upload({}, upload);
  EXPECT_THAT(uploaded, StatusIs(absl::StatusCode::kDataLoss,
                                 HasSubstr(absl::StrCat(wheel.filename, " has sha256 ",
                                                        changed_sha256, ", not the ",
                                                        wheel.digests.sha256))));
  EXPECT_TRUE(delays_.empty());
  EXPECT_THAT(pypi_->ListReleaseFiles({}, "stablecut-clienttest", "1.0"),
              StatusIs(absl::StatusCode::kNotFound, ::testing::_));
}

TEST_F(PypiClientTest, ContentShorterThanTheStatedSizeIsStoppedBeforePypiStoresIt) {
  StreamedWheel wheel = MakeStreamedWheel(dir_.path(), "short");
  ChunkedSource source(wheel.bytes.substr(0, wheel.bytes.size() / 2));
  FileUpload upload{wheel.filename, wheel.metadata, wheel.digests.sha256, "",
                     wheel.digests.size, source};
  EXPECT_THAT(pypi_->Upload({}, upload),
              StatusIs(absl::StatusCode::kDataLoss, HasSubstr("ended after")));
  EXPECT_THAT(pypi_->ListReleaseFiles({}, "stablecut-clienttest", "1.0"),
              StatusIs(absl::StatusCode::kNotFound, ::testing::_));
}

}  // namespace
}  // namespace stablecut::pypi
