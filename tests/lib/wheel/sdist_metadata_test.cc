// Tests reading an sdist's PKG-INFO from its .tar.gz through an http::RandomAccessSource,
// counting what is read: a remote sdist pays for every byte up to its PKG-INFO.
#include "lib/wheel/sdist_metadata.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/testing/counting_source.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/temp_dir.h"
#include "tests/testing/wheel_builder.h"

namespace stablecut::wheel {
namespace {

using ::stablecut::testing::CountingSource;
using ::stablecut::testing::IncompressibleBytes;
using ::stablecut::testing::IsOk;
using ::stablecut::testing::ReadFileOrEmpty;
using ::stablecut::testing::StatusIs;
using ::stablecut::testing::TempDir;
using ::stablecut::testing::WriteTestSdist;
using ::stablecut::testing::WriteTestTarGz;
using ::testing::AllOf;
using ::testing::HasSubstr;

constexpr char kPkgInfo[] =
    "Metadata-Version: 2.1\nName: demo_pkg\nVersion: 1.0\nSummary: the real one\n";
constexpr char kFilename[] = "demo_pkg-1.0.tar.gz";

std::string TarGz(TempDir const& dir,
                  std::vector<std::pair<std::string, std::string>> const& members) {
  return ReadFileOrEmpty(WriteTestTarGz(dir.path() + "/" + kFilename, members));
}

TEST(SdistMetadata, ReadsTheTopLevelPkgInfoOfABuiltSdist) {
  TempDir dir;
  std::string bytes = ReadFileOrEmpty(WriteTestSdist(dir.path(), "demo_pkg", "1.0", kPkgInfo));
  auto metadata = ReadSdistMetadataFromBuffer(bytes, kFilename);
  ASSERT_THAT(metadata, IsOk());
  EXPECT_EQ(metadata->Get("Name"), "demo_pkg");
  EXPECT_EQ(metadata->Get("Version"), "1.0");
  EXPECT_EQ(metadata->Get("Summary"), "the real one");
}

TEST(SdistMetadata, PkgInfoFirstCostsLittleOfALargeSdist) {
  TempDir dir;
  CountingSource source(TarGz(dir, {{"demo_pkg-1.0/PKG-INFO", kPkgInfo},
                                    {"demo_pkg-1.0/data.bin", IncompressibleBytes(8 << 20)}}));
  ASSERT_THAT(ReadSdistMetadataFromSource(source, kFilename), IsOk());
  EXPECT_LT(source.bytes_read, 1 << 20) << "of " << source.size();
}

TEST(SdistMetadata, PkgInfoLastIsFoundAfterReadingTheWholeFileInBoundedPieces) {
  TempDir dir;
  CountingSource source(TarGz(dir, {{"demo_pkg-1.0/data.bin", IncompressibleBytes(8 << 20)},
                                    {"demo_pkg-1.0/PKG-INFO", kPkgInfo}}));
  auto metadata = ReadSdistMetadataFromSource(source, kFilename);
  ASSERT_THAT(metadata, IsOk());
  EXPECT_EQ(metadata->Get("Summary"), "the real one");
  EXPECT_GE(source.bytes_read, 8 << 20);
  EXPECT_LE(source.largest_read, 256u * 1024);
}

TEST(SdistMetadata, OtherPkgInfoFilesAreNotIt) {
  TempDir dir;
  std::string const decoy =
      "Metadata-Version: 2.1\nName: demo_pkg\nVersion: 0.1\nSummary: a decoy\n";
  auto metadata = ReadSdistMetadataFromBuffer(
      TarGz(dir, {{"demo_pkg-1.0/src/demo_pkg.egg-info/PKG-INFO", decoy},
                  {"other-1.0/PKG-INFO", decoy},
                  {"./demo_pkg-1.0/PKG-INFO", kPkgInfo}}),
      kFilename);
  ASSERT_THAT(metadata, IsOk());
  EXPECT_EQ(metadata->Get("Summary"), "the real one");
}

TEST(SdistMetadata, WithoutTheTopLevelPkgInfoIsInvalidArgumentNamingWhatIsMissing) {
  TempDir dir;
  EXPECT_THAT(ReadSdistMetadataFromBuffer(
                  TarGz(dir, {{"demo_pkg-1.0/src/demo_pkg.egg-info/PKG-INFO", kPkgInfo}}),
                  kFilename),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr(kFilename), HasSubstr("holds no demo_pkg-1.0/PKG-INFO"))));
}

TEST(SdistMetadata, APkgInfoOverTheLimitIsRefusedUnread) {
  TempDir dir;
  EXPECT_THAT(ReadSdistMetadataFromBuffer(
                  TarGz(dir, {{"demo_pkg-1.0/PKG-INFO",
                               std::string(kMaxMetadataBytes + 1, 'x')}}),
                  kFilename),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("PKG-INFO"), HasSubstr("over the limit"))));
}

TEST(SdistMetadata, NotAGzipdTarOrAWrongNameIsInvalidArgument) {
  EXPECT_THAT(ReadSdistMetadataFromBuffer(std::string(4096, 'x'), kFilename),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr(kFilename), HasSubstr("not a gzip'd tar"))));
  TempDir dir;
  EXPECT_THAT(ReadSdistMetadataFromBuffer(TarGz(dir, {{"demo_pkg-1.0/PKG-INFO", kPkgInfo}}),
                                          "demo_pkg-1.0.zip"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("does not end in")));
}

TEST(SdistMetadata, AFailingSourceKeepsItsCodeAndMessage) {
  TempDir dir;
  CountingSource source(TarGz(dir, {{"demo_pkg-1.0/PKG-INFO", kPkgInfo}}));
  source.fail_with = absl::UnavailableError("GitHub unavailable after 5 attempts");
  EXPECT_THAT(ReadSdistMetadataFromSource(source, kFilename),
              StatusIs(absl::StatusCode::kUnavailable,
                       AllOf(HasSubstr(kFilename),
                             HasSubstr("GitHub unavailable after 5 attempts"))));
}

}  // namespace
}  // namespace stablecut::wheel
