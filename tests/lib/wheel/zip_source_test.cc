// Tests opening zip archives and reading wheel METADATA through an http::RandomAccessSource,
// counting what is read: a remote wheel pays for every byte.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "lib/http/body.h"
#include "lib/wheel/metadata.h"
#include "lib/wheel/zip_archive.h"
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
using ::stablecut::testing::WriteTestWheel;
using ::stablecut::testing::WriteTestZip;
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr char kMetadata[] =
    "Metadata-Version: 2.1\nName: demo_pkg\nVersion: 1.0\nSummary: from a source\n\nBody\n";

TEST(WheelZipSource, ListsAndReadsMembersLikeAFile) {
  TempDir dir;
  std::string bytes = ReadFileOrEmpty(WriteTestWheel(dir.path(), "demo_pkg", "1.0", kMetadata));
  ASSERT_FALSE(bytes.empty());
  CountingSource source(bytes);
  auto archive = ZipArchive::OpenSource(source, "demo_pkg-1.0-py3-none-any.whl");
  ASSERT_THAT(archive, IsOk());
  EXPECT_THAT(archive->MemberNames(),
              ElementsAre("demo_pkg/__init__.py", "demo_pkg-1.0.dist-info/WHEEL",
                          "demo_pkg-1.0.dist-info/METADATA", "demo_pkg-1.0.dist-info/RECORD"));
  auto wheel = archive->ReadMember("demo_pkg-1.0.dist-info/WHEEL", 1024);
  ASSERT_THAT(wheel, IsOk());
  EXPECT_THAT(*wheel, HasSubstr("Tag: py3-none-any\n"));
  EXPECT_THAT(archive->ReadMember("nothing", 1024),
              StatusIs(absl::StatusCode::kNotFound,
                       HasSubstr("demo_pkg-1.0-py3-none-any.whl")));
}

TEST(WheelZipSource, MetadataOfALargeWheelCostsAFewSmallReadsNearItsEnd) {
  TempDir dir;
  std::string const payload = IncompressibleBytes(8 << 20);
  std::string const path = dir.path() + "/demo_pkg-1.0-py3-none-any.whl";
  ASSERT_FALSE(WriteTestZip(path, {{"demo_pkg/data.bin", payload},
                                   {"demo_pkg/__init__.py", ""},
                                   {"demo_pkg-1.0.dist-info/METADATA", kMetadata},
                                   {"demo_pkg-1.0.dist-info/WHEEL", "Wheel-Version: 1.0\n"}})
                   .empty());
  std::string bytes = ReadFileOrEmpty(path);
  ASSERT_GT(bytes.size(), payload.size());
  CountingSource source(bytes);
  auto metadata = ReadWheelMetadataFromSource(source, "demo_pkg-1.0-py3-none-any.whl");
  ASSERT_THAT(metadata, IsOk());
  EXPECT_EQ(metadata->Get("Summary"), "from a source");
  EXPECT_EQ(metadata->description, "Body\n");
  // The end (libzip's search for the end of the central directory reads up to 64 KiB), the
  // central directory, METADATA's local header and data: nothing of the 8 MiB payload.
  EXPECT_LE(source.reads, 8);
  EXPECT_LE(source.bytes_read, 128 * 1024);
  EXPECT_GE(source.lowest_offset, static_cast<std::int64_t>(bytes.size()) - 70 * 1024);
}

TEST(WheelZipSource, MetadataFromSourceEqualsMetadataFromTheFile) {
  TempDir dir;
  std::string path = WriteTestWheel(dir.path(), "demo_pkg", "1.0", kMetadata);
  CountingSource source(ReadFileOrEmpty(path));
  auto from_source = ReadWheelMetadataFromSource(source, "demo_pkg-1.0-py3-none-any.whl");
  auto from_file = ReadWheelMetadata(path);
  ASSERT_THAT(from_source, IsOk());
  ASSERT_THAT(from_file, IsOk());
  EXPECT_EQ(from_source->headers, from_file->headers);
  EXPECT_EQ(from_source->description, from_file->description);
}

TEST(WheelZipSource, FilenameChoosesAmongSeveralMetadataAsForAFile) {
  TempDir dir;
  std::string bytes = ReadFileOrEmpty(WriteTestZip(
      dir.path() + "/two.zip", {{"a-1.0.dist-info/METADATA", "Name: a\nVersion: 1.0\n"},
                                {"b-2.0.dist-info/METADATA", "Name: b\nVersion: 2.0\n"}}));
  CountingSource source(bytes);
  auto chosen = ReadWheelMetadataFromSource(source, "b-2.0-py3-none-any.whl");
  ASSERT_THAT(chosen, IsOk());
  EXPECT_EQ(chosen->Get("Name"), "b");
  EXPECT_THAT(ReadWheelMetadataFromSource(source, "c-3.0-py3-none-any.whl"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("c-3.0-py3-none-any.whl"), HasSubstr("holds 2"))));
}

TEST(WheelZipSource, NotAZipIsInvalidArgumentNamingTheFile) {
  CountingSource source(std::string(4096, 'x'));
  EXPECT_THAT(ReadWheelMetadataFromSource(source, "x-1.0-py3-none-any.whl"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("x-1.0-py3-none-any.whl"), HasSubstr("not a zip"))));
}

TEST(WheelZipSource, FailingSourceKeepsItsCodeAndMessage) {
  TempDir dir;
  CountingSource source(ReadFileOrEmpty(WriteTestWheel(dir.path(), "demo_pkg", "1.0")));
  source.fail_with = absl::UnavailableError("GitHub unavailable after 5 attempts");
  EXPECT_THAT(ReadWheelMetadataFromSource(source, "demo_pkg-1.0-py3-none-any.whl"),
              StatusIs(absl::StatusCode::kUnavailable,
                       AllOf(HasSubstr("demo_pkg-1.0-py3-none-any.whl"),
                             HasSubstr("GitHub unavailable after 5 attempts"))));
}

TEST(WheelZipSource, SourceFailingAfterOpenKeepsItsCodeInReadMember) {
  TempDir dir;
  CountingSource source(ReadFileOrEmpty(WriteTestWheel(dir.path(), "demo_pkg", "1.0")));
  auto archive = ZipArchive::OpenSource(source, "demo.whl");
  ASSERT_THAT(archive, IsOk());
  source.fail_with = absl::DeadlineExceededError("GitHub: deadline exceeded after 2s");
  EXPECT_THAT(archive->ReadMember("demo_pkg-1.0.dist-info/METADATA", 1 << 20),
              StatusIs(absl::StatusCode::kDeadlineExceeded,
                       AllOf(HasSubstr("METADATA"), HasSubstr("demo.whl"),
                             HasSubstr("deadline exceeded after 2s"))));
}

}  // namespace
}  // namespace stablecut::wheel
