// Release assets read in ranges and streamed, against a running stablecut-sandbox: the Range
// header through the storage redirect, a wheel's METADATA in a few requests (counted in the
// sandbox's request log), and a multi-MiB asset streamed with its sha256 checked.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "lib/github/release_asset_reader.h"
#include "lib/github/release_asset_stream.h"
#include "lib/github/rest_api.h"
#include "lib/http/file_body.h"
#include "lib/wheel/metadata.h"
#include "tests/testing/counting_source.h"
#include "tests/testing/sandbox_process.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/temp_dir.h"
#include "tests/testing/wheel_builder.h"

namespace stablecut::github {
namespace {

using ::stablecut::testing::IncompressibleBytes;
using ::stablecut::testing::IsOk;
using ::stablecut::testing::SandboxProcess;
using ::stablecut::testing::StatusIs;
using ::testing::AllOf;
using ::testing::HasSubstr;

RepoRef const kWidgets{"stablecut-demo", "widgets"};

// Counts bytes and discards them.
class DiscardSink : public http::ByteSink {
 public:
  absl::Status Reset() override {
    bytes = 0;
    return absl::OkStatus();
  }
  absl::Status Write(absl::string_view data) override {
    bytes += static_cast<int64_t>(data.size());
    return absl::OkStatus();
  }
  int64_t bytes = 0;
};

class ReleaseAssetSandboxTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto sandbox = SandboxProcess::Start("demo");
    ASSERT_THAT(sandbox, IsOk());
    sandbox_ = *std::move(sandbox);
    client_ = std::make_unique<http::Client>();
    RestApiOptions options;
    options.api_base_url = sandbox_->GitHubApiUrl();
    options.uploads_base_url = sandbox_->GitHubUploadsUrl();
    options.token = http::Secret(sandbox_->write_token());
    options.token_role = "the test's GitHub token";
    api_ = std::make_unique<RestApi>(*client_, options);
  }

  // An asset of a new draft release holding `bytes`.
  ReleaseAsset Upload(std::string const& name, std::string bytes) {
    ReleaseFields fields;
    fields.tag_name = absl::StrCat("asset-test-", ++releases_);
    fields.name = *fields.tag_name;
    fields.draft = true;
    fields.make_latest = "false";
    auto release = api_->CreateRelease({}, kWidgets, fields);
    EXPECT_THAT(release, IsOk());
    if (!release.ok()) return {};
    http::StringSource content(std::move(bytes));
    auto asset = api_->UploadReleaseAsset({}, release->upload_url, name,
                                          "application/octet-stream", content);
    EXPECT_THAT(asset, IsOk());
    return asset.ok() ? *asset : ReleaseAsset{};
  }

  // (path, status) of the requests the sandbox answered whose path contains `part`.
  std::vector<std::pair<std::string, int>> RequestsFor(std::string const& part) {
    std::vector<std::pair<std::string, int>> found;
    nlohmann::json dump = sandbox_->Get("/_control/state", "").Json();
    for (auto const& request : dump["requests"]) {
      std::string path = request["path"].get<std::string>();
      if (absl::StrContains(path, part)) found.emplace_back(path, request["status"].get<int>());
    }
    return found;
  }

  std::unique_ptr<SandboxProcess> sandbox_;
  std::unique_ptr<http::Client> client_;
  std::unique_ptr<RestApi> api_;
  int releases_ = 0;
};

TEST_F(ReleaseAssetSandboxTest, RangedDownloadGetsExactlyTheBytesThroughTheStorageRedirect) {
  std::string const bytes = IncompressibleBytes(300000, 1);
  ReleaseAsset asset = Upload("data.bin", bytes);
  ASSERT_GT(asset.id, 0);
  for (auto [offset, length] : std::vector<std::pair<int64_t, int64_t>>{
           {0, 1}, {100, 100}, {65536, 70000}, {299990, 10}, {0, 300000}}) {
    SCOPED_TRACE(absl::StrCat(offset, "+", length));
    http::StringSink sink;
    // The storage answers 400 if the token follows the redirect, and 200 without the Range.
    ASSERT_THAT(api_->DownloadReleaseAssetRange({}, kWidgets, asset.id, offset, length, sink),
                IsOk());
    EXPECT_TRUE(sink.bytes() == bytes.substr(offset, length));
  }
  for (auto const& [path, status] : RequestsFor(absl::StrCat("/github-storage/", asset.id, "/"))) {
    EXPECT_EQ(status, 206) << path;
  }
  http::StringSink sink;
  EXPECT_THAT(api_->DownloadReleaseAssetRange({}, kWidgets, asset.id, 300000, 10, sink),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       AllOf(HasSubstr(absl::StrCat("release asset ", asset.id)),
                             HasSubstr("416"))));
  // Past the end on one side: never passed off as the range. (httplib 0.11.4 answers
  // "bytes 299995-300004/300000" where S3 would clamp to 299999; both are refused.)
  EXPECT_THAT(api_->DownloadReleaseAssetRange({}, kWidgets, asset.id, 299995, 10, sink),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       AllOf(HasSubstr(absl::StrCat("release asset ", asset.id)),
                             HasSubstr("Content-Range \"bytes 299995-"))));
  EXPECT_TRUE(sink.bytes().empty());
}

TEST_F(ReleaseAssetSandboxTest, ReadsAWheelsMetadataFromTheAssetInAFewRangeRequests) {
  testing::TempDir dir;
  std::string const name = "demo_pkg-1.0-py3-none-any.whl";
  std::string path = testing::WriteTestZip(
      dir.path() + "/" + name,
      {{"demo_pkg/data.bin", IncompressibleBytes(6 << 20, 2)},
       {"demo_pkg/__init__.py", ""},
       {"demo_pkg-1.0.dist-info/METADATA",
        "Metadata-Version: 2.1\nName: demo_pkg\nVersion: 1.0\nSummary: read in ranges\n"},
       {"demo_pkg-1.0.dist-info/WHEEL", "Wheel-Version: 1.0\nTag: py3-none-any\n"}});
  ReleaseAsset asset = Upload(name, testing::ReadFileOrEmpty(path));
  ASSERT_GT(asset.size, 6 << 20);

  ReleaseAssetReader reader({}, *api_, kWidgets, asset.id, asset.size);
  auto metadata = wheel::ReadWheelMetadataFromSource(reader, name);
  ASSERT_THAT(metadata, IsOk());
  EXPECT_EQ(metadata->Get("Summary"), "read in ranges");
  EXPECT_LE(reader.requests(), 3);
  EXPECT_LE(reader.bytes_fetched(), 256 * 1024);
  // Each range request is one API request and one storage request, both as expected.
  auto api_requests = RequestsFor(absl::StrCat("/releases/assets/", asset.id));
  auto storage_requests = RequestsFor(absl::StrCat("/github-storage/", asset.id, "/"));
  EXPECT_EQ(static_cast<int>(api_requests.size()), reader.requests());
  EXPECT_EQ(static_cast<int>(storage_requests.size()), reader.requests());
  for (auto const& [request, status] : api_requests) EXPECT_EQ(status, 302) << request;
  for (auto const& [request, status] : storage_requests) EXPECT_EQ(status, 206) << request;
}

TEST_F(ReleaseAssetSandboxTest, StreamsAMultiMiBAssetWithItsSha256InBoundedMemory) {
  constexpr std::size_t kBound = 1 << 20;
  ReleaseAsset asset = Upload("big.bin", IncompressibleBytes(12 << 20, 3));
  ASSERT_FALSE(asset.digest_sha256.empty());
  ReleaseAssetStream stream({}, *api_, kWidgets, asset.id, asset.size, kBound);
  ASSERT_THAT(stream.Rewind(), IsOk());
  DiscardSink discard;
  http::Sha256Sink hashed(discard);
  std::string buffer(10000, '\0');
  for (;;) {
    auto read = stream.Read(buffer.data(), buffer.size());
    ASSERT_THAT(read, IsOk());
    if (*read == 0) break;
    ASSERT_THAT(hashed.Write(absl::string_view(buffer.data(), *read)), IsOk());
  }
  EXPECT_EQ(discard.bytes, asset.size);
  EXPECT_EQ(hashed.HexDigest(), asset.digest_sha256);
  EXPECT_LE(stream.buffered_high_water(), kBound);
}

}  // namespace
}  // namespace stablecut::github
