// ReleaseAssetReader over a mock's ranged downloads: what it reads, in how many requests, and
// a wheel's METADATA read through it.
#include "lib/github/release_asset_reader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <random>
#include <utility>
#include <vector>

#include "lib/github/mocks/mock_api.h"
#include "lib/wheel/metadata.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/temp_dir.h"
#include "tests/testing/wheel_builder.h"

namespace stablecut::github {
namespace {

using ::stablecut::testing::IsOk;
using ::stablecut::testing::StatusIs;
using ::testing::_;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Invoke;
using ::testing::NiceMock;
using ::testing::Pair;

RepoRef const kRepo{"o", "r"};
constexpr int64_t kAssetId = 9;
constexpr int64_t kBlock = ReleaseAssetReader::kBlockBytes;

std::string Pattern(std::size_t size) {
  std::string bytes(size, '\0');
  for (std::size_t i = 0; i < size; ++i) bytes[i] = static_cast<char>((i * 131 + i / 7) & 0xff);
  return bytes;
}

// Serves ranges of `bytes` as GitHub would, recording each (offset, length).
class RangedAsset {
 public:
  explicit RangedAsset(std::string bytes) : bytes_(std::move(bytes)) {
    ON_CALL(api, DownloadReleaseAssetRange(_, _, kAssetId, _, _, _))
        .WillByDefault(Invoke([this](http::CallContext const&, RepoRef const&, int64_t,
                                     int64_t offset, int64_t length, http::ByteSink& sink) {
          ranges.emplace_back(offset, length);
          if (!fail_with.ok()) return fail_with;
          if (offset + length > static_cast<int64_t>(bytes_.size())) {
            return absl::FailedPreconditionError("416");
          }
          auto reset = sink.Reset();
          if (!reset.ok()) return reset;
          return sink.Write(absl::string_view(bytes_).substr(offset, length));
        }));
  }
  int64_t size() const { return static_cast<int64_t>(bytes_.size()); }
  std::string const& bytes() const { return bytes_; }

  NiceMock<MockApi> api;
  std::vector<std::pair<int64_t, int64_t>> ranges;
  absl::Status fail_with;

 private:
  std::string bytes_;
};

std::string ReadAll(ReleaseAssetReader& reader, int64_t offset, std::size_t size) {
  std::string out(size, '\0');
  auto read = reader.ReadAt(offset, out.data(), size);
  EXPECT_THAT(read, IsOk());
  out.resize(read.ok() ? *read : 0);
  return out;
}

TEST(ReleaseAssetReader, FirstReadAtTheEndFetchesTheTailInOneRequest) {
  RangedAsset asset(Pattern(10 * kBlock + 500));
  ReleaseAssetReader reader({}, asset.api, kRepo, kAssetId, asset.size());
  EXPECT_EQ(reader.size(), asset.size());
  EXPECT_EQ(ReadAll(reader, asset.size() - 22, 22), asset.bytes().substr(asset.size() - 22));
  // The last block and the one before: where a wheel's central directory lies.
  EXPECT_THAT(asset.ranges, ElementsAre(Pair(9 * kBlock, kBlock + 500)));
  // Anything in those blocks costs nothing more.
  EXPECT_EQ(ReadAll(reader, 9 * kBlock + 3, 5000), asset.bytes().substr(9 * kBlock + 3, 5000));
  EXPECT_EQ(asset.ranges.size(), 1u);
  EXPECT_EQ(reader.requests(), 1);
  EXPECT_EQ(reader.bytes_fetched(), kBlock + 500);
}

TEST(ReleaseAssetReader, ReadsAcrossBlocksAndStopsAtTheEnd) {
  RangedAsset asset(Pattern(3 * kBlock + 10));
  ReleaseAssetReader reader({}, asset.api, kRepo, kAssetId, asset.size());
  EXPECT_EQ(ReadAll(reader, kBlock - 5, 10), asset.bytes().substr(kBlock - 5, 10));
  EXPECT_THAT(asset.ranges, ElementsAre(Pair(0, 2 * kBlock)));  // blocks 0 and 1 in one request
  // Past the end: only what there is, then nothing.
  EXPECT_EQ(ReadAll(reader, asset.size() - 4, 100), asset.bytes().substr(asset.size() - 4));
  EXPECT_EQ(ReadAll(reader, asset.size(), 100), "");
  EXPECT_EQ(ReadAll(reader, asset.size() + 7, 100), "");
  EXPECT_EQ(asset.ranges.size(), 2u);
}

TEST(ReleaseAssetReader, AReadLargerThanTheCacheGoesStraightToTheCallerInOneRequest) {
  RangedAsset asset(Pattern(40 * kBlock));
  ReleaseAssetReader reader({}, asset.api, kRepo, kAssetId, asset.size());
  std::size_t const big = 10 * kBlock + 123;
  EXPECT_EQ(ReadAll(reader, 1000, big), asset.bytes().substr(1000, big));
  EXPECT_THAT(asset.ranges, ElementsAre(Pair(1000, static_cast<int64_t>(big))));
}

TEST(ReleaseAssetReader, KeepsAtMostItsBlocksAndRefetchesEvictedOnes) {
  RangedAsset asset(Pattern(20 * kBlock));
  ReleaseAssetReader reader({}, asset.api, kRepo, kAssetId, asset.size());
  for (int64_t block = 0; block < 6; ++block) ReadAll(reader, block * kBlock, 1);
  EXPECT_EQ(asset.ranges.size(), 6u);
  ReadAll(reader, 5 * kBlock + 9, 1);  // still cached
  EXPECT_EQ(asset.ranges.size(), 6u);
  ReadAll(reader, 0, 1);  // evicted
  EXPECT_EQ(asset.ranges.size(), 7u);
  EXPECT_LE(reader.bytes_fetched(),
            7 * kBlock);  // never more than the blocks asked for
}

TEST(ReleaseAssetReader, ErrorsOfTheDownloadAreReturnedUnchanged) {
  RangedAsset asset(Pattern(kBlock));
  asset.fail_with = absl::UnavailableError("GitHub unavailable after 5 attempts");
  ReleaseAssetReader reader({}, asset.api, kRepo, kAssetId, asset.size());
  char buffer[10];
  EXPECT_THAT(reader.ReadAt(0, buffer, sizeof buffer),
              StatusIs(absl::StatusCode::kUnavailable, HasSubstr("after 5 attempts")));
  EXPECT_THAT(reader.ReadAt(-1, buffer, sizeof buffer),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("offset -1")));
}

TEST(ReleaseAssetReader, ReadsAWheelsMetadataInAFewRequests) {
  testing::TempDir dir;
  std::mt19937_64 random(7);
  std::string payload(3 << 20, '\0');
  for (char& c : payload) c = static_cast<char>(random() & 0xff);
  std::string path = testing::WriteTestZip(
      dir.path() + "/demo_pkg-1.0-py3-none-any.whl",
      {{"demo_pkg/data.bin", payload},
       {"demo_pkg-1.0.dist-info/METADATA", "Metadata-Version: 2.1\nName: demo_pkg\nVersion: 1.0\n"},
       {"demo_pkg-1.0.dist-info/WHEEL", "Wheel-Version: 1.0\n"}});
  RangedAsset asset(testing::ReadFileOrEmpty(path));
  ReleaseAssetReader reader({}, asset.api, kRepo, kAssetId, asset.size());
  auto metadata = wheel::ReadWheelMetadataFromSource(reader, "demo_pkg-1.0-py3-none-any.whl");
  ASSERT_THAT(metadata, IsOk());
  EXPECT_EQ(metadata->Get("Version"), "1.0");
  EXPECT_LE(reader.requests(), 2);
  EXPECT_LE(reader.bytes_fetched(), 3 * kBlock);
}

}  // namespace
}  // namespace stablecut::github
