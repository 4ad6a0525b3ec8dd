// pypi::MockApi stands in for PyPI; here it shows what UploadWheelFile hands to Api::Upload.

#include "lib/pypi/mocks/mock_api.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "lib/http/file_body.h"
#include "lib/pypi/wheel_file_upload.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/temp_dir.h"
#include "tests/testing/wheel_builder.h"

namespace stablecut::pypi {
namespace {

using ::stablecut::testing::IsOk;
using ::stablecut::testing::StatusIs;
using ::testing::_;
using ::testing::HasSubstr;
using ::testing::Invoke;
using ::testing::Return;
using ::testing::StrictMock;

TEST(MockApi, UploadWheelFileStreamsTheFileWithItsMetadataAndDigests) {
  stablecut::testing::TempDir dir;
  std::string path = stablecut::testing::WriteTestWheel(
      dir.path(), "demo_pkg", "1.0", "Metadata-Version: 2.1\nName: demo-pkg\nVersion: 1.0\n");
  auto digests = http::DigestFile(path);
  ASSERT_THAT(digests, IsOk());

  StrictMock<MockApi> api;
  std::string streamed;
  EXPECT_CALL(api, Upload(_, _)).WillOnce(Invoke([&](http::CallContext const&,
                                                     FileUpload const& upload) {
    EXPECT_EQ(upload.filename, "demo_pkg-1.0-py3-none-any.whl");
    EXPECT_EQ(upload.metadata.Get("Name"), "demo-pkg");
    EXPECT_EQ(upload.sha256_hex, digests->sha256);
    EXPECT_EQ(upload.md5_hex, digests->md5);
    EXPECT_EQ(upload.size, digests->size);
    char buffer[4096];
    while (true) {
      auto n = upload.content.Read(buffer, sizeof buffer);
      if (!n.ok() || *n == 0) break;
      streamed.append(buffer, *n);
    }
    return absl::StatusOr<UploadResult>(UploadResult::kAlreadyExists);
  }));
  auto result = UploadWheelFile(api, {}, path);
  ASSERT_THAT(result, IsOk());
  EXPECT_EQ(*result, UploadResult::kAlreadyExists);
  EXPECT_EQ(static_cast<std::int64_t>(streamed.size()), digests->size);
}

TEST(MockApi, PassesErrorsOnAndListsWhatItIsTold) {
  StrictMock<MockApi> api;
  PypiFile file;
  file.filename = "demo_pkg-1.0-py3-none-any.whl";
  EXPECT_CALL(api, ListReleaseFiles(_, "demo-pkg", "1.0"))
      .WillOnce(Return(std::vector<PypiFile>{file}))
      .WillOnce(Return(absl::UnavailableError("PyPI answered 503")));
  Api& pypi = api;
  auto files = pypi.ListReleaseFiles({}, "demo-pkg", "1.0");
  ASSERT_THAT(files, IsOk());
  EXPECT_EQ(files->at(0).filename, file.filename);
  EXPECT_THAT(pypi.ListReleaseFiles({}, "demo-pkg", "1.0"),
              StatusIs(absl::StatusCode::kUnavailable, HasSubstr("503")));
}

TEST(MockApi, UploadWheelFileOfAMissingFileSendsNothing) {
  StrictMock<MockApi> api;  // any call fails the test
  EXPECT_THAT(UploadWheelFile(api, {}, "/nonexistent/demo_pkg-1.0-py3-none-any.whl"),
              StatusIs(absl::StatusCode::kNotFound, _));
}

}  // namespace
}  // namespace stablecut::pypi
