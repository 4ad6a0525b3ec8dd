// Tests METADATA parsing and reading it from real wheels built at test time.
#include "lib/wheel/metadata.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>

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
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Pair;

constexpr char kMetadata[] =
    "Metadata-Version: 2.1\n"
    "Name: demo_pkg\n"
    "Version: 1.0.0rc1\n"
    "Summary: A demo\n"
    "Classifier: Programming Language :: Python :: 3\n"
    "classifier: License :: OSI Approved :: MIT License\n"
    "License: first line\n"
    "  second line\n"
    "\tthird line\n"
    "Requires-Dist: requests>=2\n"
    "\n"
    "# Demo\n"
    "\n"
    "Body: not a header.\n";

TEST(WheelMetadata, ParsesHeadersContinuationsAndBody) {
  auto metadata = ParseMetadata(kMetadata);
  ASSERT_THAT(metadata, IsOk());
  EXPECT_THAT(metadata->headers,
              ElementsAre(Pair("Metadata-Version", "2.1"), Pair("Name", "demo_pkg"),
                          Pair("Version", "1.0.0rc1"), Pair("Summary", "A demo"),
                          Pair("Classifier", "Programming Language :: Python :: 3"),
                          Pair("classifier", "License :: OSI Approved :: MIT License"),
                          Pair("License", "first line\nsecond line\nthird line"),
                          Pair("Requires-Dist", "requests>=2")));
  EXPECT_EQ(metadata->description, "# Demo\n\nBody: not a header.\n");
}

TEST(WheelMetadata, GetIsCaseInsensitiveAndEmptyWhenAbsent) {
  auto metadata = ParseMetadata(kMetadata);
  ASSERT_THAT(metadata, IsOk());
  EXPECT_EQ(metadata->Get("NAME"), "demo_pkg");
  EXPECT_EQ(metadata->Get("Home-Page"), "");
  EXPECT_THAT(
      metadata->GetAll("CLASSIFIER"),
      ElementsAre("Programming Language :: Python :: 3", "License :: OSI Approved :: MIT License"));
  EXPECT_THAT(metadata->GetAll("Provides-Extra"), ElementsAre());
}

TEST(WheelMetadata, ParsesVariants) {
  struct Case {
    char const* name;
    std::string text;
    std::string name_value;
    std::string description;
  } const cases[] = {
      {"crlf", "Name: a\r\nVersion: 1\r\n\r\nBody\r\n", "a", "Body\r\n"},
      {"no body", "Name: a\nVersion: 1\n", "a", ""},
      {"no final newline", "Name: a", "a", ""},
      {"description header", "Name: a\nDescription: Long\n  text\n", "a", "Long\ntext"},
      {"body wins over header", "Name: a\nDescription: header\n\nbody", "a", "body"},
      {"no space after colon", "Name:a\n", "a", ""},
      {"empty value", "Name:\n", "", ""},
      {"colon in value", "Name: a: b\n", "a: b", ""},
      {"empty text", "", "", ""},
      {"only body", "\nbody", "", "body"},
  };
  for (auto const& c : cases) {
    SCOPED_TRACE(c.name);
    auto metadata = ParseMetadata(c.text);
    ASSERT_THAT(metadata, IsOk());
    EXPECT_EQ(metadata->Get("name"), c.name_value);
    EXPECT_EQ(metadata->description, c.description);
  }
}

TEST(WheelMetadata, RejectsMalformedHeadersNamingTheLine) {
  struct Case {
    char const* name;
    char const* text;
    char const* message;
  } const cases[] = {
      {"no colon", "Name: a\nnot a header\n", "line 2: expected \"Name: value\""},
      {"empty name", ": value\n", "line 1: expected"},
      {"space in name", "Home Page: x\n", "line 1: expected"},
      {"continuation first", "  folded\nName: a\n", "line 1: continuation line"},
  };
  for (auto const& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_THAT(ParseMetadata(c.text),
                StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr(c.message)));
  }
}

TEST(WheelMetadata, ReadsMetadataFromRealWheel) {
  TempDir dir;
  std::string path = WriteTestWheel(dir.path(), "demo_pkg", "1.0.0rc1", kMetadata);
  ASSERT_FALSE(path.empty());
  auto metadata = ReadWheelMetadata(path);
  ASSERT_THAT(metadata, IsOk());
  EXPECT_EQ(metadata->Get("Name"), "demo_pkg");
  EXPECT_EQ(metadata->Get("Version"), "1.0.0rc1");
  EXPECT_EQ(metadata->description, "# Demo\n\nBody: not a header.\n");
}

TEST(WheelMetadata, ReadsDefaultMetadataOfBuilder) {
  TempDir dir;
  std::string path = WriteTestWheel(dir.path(), "demo_pkg", "2.0");
  auto metadata = ReadWheelMetadata(path);
  ASSERT_THAT(metadata, IsOk());
  EXPECT_EQ(metadata->Get("Metadata-Version"), "2.1");
  EXPECT_EQ(metadata->Get("Name"), "demo_pkg");
  EXPECT_EQ(metadata->Get("Version"), "2.0");
}

TEST(WheelMetadata, ReadsFromBuffer) {
  TempDir dir;
  std::string bytes = ReadFileOrEmpty(WriteTestWheel(dir.path(), "demo_pkg", "2.0"));
  ASSERT_FALSE(bytes.empty());
  auto metadata = ReadWheelMetadataFromBuffer(bytes);
  ASSERT_THAT(metadata, IsOk());
  EXPECT_EQ(metadata->Get("Version"), "2.0");
}

TEST(WheelMetadata, FindsSingleDistInfoWhenFileWasRenamed) {
  TempDir dir;
  std::string path = WriteTestWheel(dir.path(), "demo_pkg", "2.0");
  std::string renamed = dir.path() + "/Demo.Pkg-2.0.0-py3-none-any.whl";
  std::filesystem::rename(path, renamed);
  auto metadata = ReadWheelMetadata(renamed);
  ASSERT_THAT(metadata, IsOk());
  EXPECT_EQ(metadata->Get("Version"), "2.0");
}

TEST(WheelMetadata, BuilderIsDeterministic) {
  TempDir first;
  TempDir second;
  std::string a = ReadFileOrEmpty(WriteTestWheel(first.path(), "demo_pkg", "1.0"));
  std::string b = ReadFileOrEmpty(WriteTestWheel(second.path(), "demo_pkg", "1.0"));
  ASSERT_FALSE(a.empty());
  EXPECT_EQ(a, b);
}

TEST(WheelMetadata, MissingFileIsNotFound) {
  TempDir dir;
  std::string path = dir.path() + "/absent-1.0-py3-none-any.whl";
  EXPECT_THAT(ReadWheelMetadata(path), StatusIs(absl::StatusCode::kNotFound, HasSubstr(path)));
}

TEST(WheelMetadata, RejectsFileThatIsNotZip) {
  TempDir dir;
  std::string path = dir.WriteFile("demo-1.0-py3-none-any.whl", "this is not a zip archive\n");
  EXPECT_THAT(ReadWheelMetadata(path),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr(path), HasSubstr("is not a zip archive"))));
  EXPECT_THAT(ReadWheelMetadataFromBuffer("PK\x03\x04 truncated"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("wheel buffer")));
  EXPECT_THAT(ReadWheelMetadataFromBuffer(""),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("wheel buffer")));
}

TEST(WheelMetadata, RejectsEmptyFile) {
  TempDir dir;
  std::string path = dir.WriteFile("demo-1.0-py3-none-any.whl", "");
  EXPECT_THAT(ReadWheelMetadata(path),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr(path)));
}

TEST(WheelMetadata, RejectsZipWithoutMetadata) {
  TempDir dir;
  std::string path = WriteTestWheel(dir.path(), "demo_pkg", "1.0", "", false);
  ASSERT_FALSE(path.empty());
  EXPECT_THAT(ReadWheelMetadata(path),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr(path), HasSubstr("no *.dist-info/METADATA"))));
}

TEST(WheelMetadata, RejectsOversizedMetadata) {
  TempDir dir;
  std::string huge = "Name: demo_pkg\nVersion: 1.0\n\n" + std::string(kMaxMetadataBytes, 'x');
  std::string path = WriteTestWheel(dir.path(), "demo_pkg", "1.0", huge);
  ASSERT_FALSE(path.empty());
  EXPECT_THAT(ReadWheelMetadata(path), StatusIs(absl::StatusCode::kInvalidArgument,
                                                AllOf(HasSubstr("demo_pkg-1.0.dist-info/METADATA"),
                                                      HasSubstr(path), HasSubstr("too large"))));
}

TEST(WheelMetadata, AcceptsMetadataAtTheCap) {
  TempDir dir;
  std::string head = "Name: demo_pkg\nVersion: 1.0\n\n";
  std::string text = head + std::string(kMaxMetadataBytes - head.size(), 'x');
  std::string path = WriteTestWheel(dir.path(), "demo_pkg", "1.0", text);
  auto metadata = ReadWheelMetadata(path);
  ASSERT_THAT(metadata, IsOk());
  EXPECT_EQ(metadata->description.size(), kMaxMetadataBytes - head.size());
}

TEST(WheelMetadata, RejectsUnparsableMetadataNamingMember) {
  TempDir dir;
  std::string path = WriteTestWheel(dir.path(), "demo_pkg", "1.0", "Name: a\ngarbage\n");
  EXPECT_THAT(ReadWheelMetadata(path),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("demo_pkg-1.0.dist-info/METADATA"), HasSubstr("line 2"))));
}

}  // namespace
}  // namespace stablecut::wheel
