// Tests reading members of zip archives, including damaged and hostile ones.
#include "lib/wheel/zip_archive.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "lib/wheel/metadata.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/temp_dir.h"
#include "tests/testing/wheel_builder.h"

namespace stablecut::wheel {
namespace {

using ::stablecut::testing::IsOk;
using ::stablecut::testing::ReadFileOrEmpty;
using ::stablecut::testing::StatusIs;
using ::stablecut::testing::TempDir;
using ::stablecut::testing::WriteTestWheel;
using ::stablecut::testing::WriteTestZip;
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(WheelZipArchive, ListsAndReadsMembersOfWheel) {
  TempDir dir;
  std::string path = WriteTestWheel(dir.path(), "demo_pkg", "1.0");
  auto archive = ZipArchive::OpenFile(path);
  ASSERT_THAT(archive, IsOk());
  EXPECT_THAT(archive->MemberNames(),
              ElementsAre("demo_pkg/__init__.py", "demo_pkg-1.0.dist-info/WHEEL",
                          "demo_pkg-1.0.dist-info/METADATA", "demo_pkg-1.0.dist-info/RECORD"));
  EXPECT_TRUE(archive->Contains("demo_pkg-1.0.dist-info/WHEEL"));
  EXPECT_FALSE(archive->Contains("demo_pkg-1.0.dist-info"));
  auto wheel = archive->ReadMember("demo_pkg-1.0.dist-info/WHEEL", 1024);
  ASSERT_THAT(wheel, IsOk());
  EXPECT_THAT(*wheel, HasSubstr("Tag: py3-none-any\n"));
  auto record = archive->ReadMember("demo_pkg-1.0.dist-info/RECORD", 1024);
  ASSERT_THAT(record, IsOk());
  EXPECT_THAT(*record, HasSubstr("demo_pkg/__init__.py,sha256="));
  EXPECT_THAT(*record, HasSubstr("demo_pkg-1.0.dist-info/RECORD,,\n"));
}

TEST(WheelZipArchive, ReadsMemberLargerThanOneChunk) {
  TempDir dir;
  std::string big;
  for (int i = 0; i < 50000; ++i) big += std::to_string(i * 7919) + "\n";
  std::string path = WriteTestZip(dir.path() + "/big.zip", {{"big.txt", big}});
  auto archive = ZipArchive::OpenFile(path);
  ASSERT_THAT(archive, IsOk());
  auto read = archive->ReadMember("big.txt", big.size());
  ASSERT_THAT(read, IsOk());
  EXPECT_EQ(*read, big);
  EXPECT_THAT(archive->ReadMember("big.txt", big.size() - 1),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("\"big.txt\""), HasSubstr(path), HasSubstr("too large"))));
}

TEST(WheelZipArchive, MissingMemberIsNotFound) {
  TempDir dir;
  std::string path = WriteTestZip(dir.path() + "/a.zip", {{"a.txt", "a"}});
  auto archive = ZipArchive::OpenFile(path);
  ASSERT_THAT(archive, IsOk());
  EXPECT_THAT(archive->ReadMember("b.txt", 10),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("no member \"b.txt\"")));
}

TEST(WheelZipArchive, RejectsCorruptedMemberData) {
  TempDir dir;
  std::string text;
  for (int i = 0; i < 400; ++i) text += std::to_string(i * 104729 % 9973) + " ";
  std::string bytes = ReadFileOrEmpty(WriteTestZip(dir.path() + "/a.zip", {{"data.txt", text}}));
  size_t name = bytes.find("data.txt");
  ASSERT_NE(name, std::string::npos);
  // The local header's name is followed by the deflated data: damage it.
  for (size_t i = name + 40; i < name + 60; ++i) bytes[i] = static_cast<char>(bytes[i] ^ 0x5a);
  auto archive = ZipArchive::OpenBuffer(bytes, "damaged.zip");
  ASSERT_THAT(archive, IsOk());
  EXPECT_THAT(archive->ReadMember("data.txt", 1 << 20),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("cannot read"), HasSubstr("damaged.zip"))));
}

TEST(WheelZipArchive, RejectsTruncatedArchive) {
  TempDir dir;
  std::string bytes = ReadFileOrEmpty(WriteTestWheel(dir.path(), "demo_pkg", "1.0"));
  std::string path = dir.WriteFile("cut.whl", bytes.substr(0, bytes.size() / 2));
  EXPECT_THAT(ZipArchive::OpenFile(path),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr(path)));
}

TEST(WheelZipArchive, DirectoryIsNotAnArchive) {
  TempDir dir;
  EXPECT_THAT(ZipArchive::OpenFile(dir.path()),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr(dir.path())));
}

TEST(WheelMetadata, RejectsSeveralDistInfoWhenFilenameNamesNone) {
  TempDir dir;
  std::string path = WriteTestZip(
      dir.path() + "/other-1.0-py3-none-any.whl",
      {{"a-1.0.dist-info/METADATA", "Name: a\n"}, {"b-1.0.dist-info/METADATA", "Name: b\n"}});
  EXPECT_THAT(ReadWheelMetadata(path),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("holds 2")));
  // Named by the wheel's filename, one of them is found.
  std::string named = WriteTestZip(
      dir.path() + "/b-1.0-py3-none-any.whl",
      {{"a-1.0.dist-info/METADATA", "Name: a\n"}, {"b-1.0.dist-info/METADATA", "Name: b\n"}});
  auto metadata = ReadWheelMetadata(named);
  ASSERT_THAT(metadata, IsOk());
  EXPECT_EQ(metadata->Get("Name"), "b");
}

TEST(WheelMetadata, IgnoresNestedDistInfo) {
  TempDir dir;
  std::string path =
      WriteTestZip(dir.path() + "/x.whl", {{"vendored/a-1.0.dist-info/METADATA", "Name: a\n"}});
  EXPECT_THAT(ReadWheelMetadata(path),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("no *.dist-info/METADATA")));
}

}  // namespace
}  // namespace stablecut::wheel
