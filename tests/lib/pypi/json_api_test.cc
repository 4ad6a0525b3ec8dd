// Tests parsing PyPI's JSON API release document, against a recorded response.
#include "lib/pypi/json_api.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/ascii.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/temp_dir.h"

namespace stablecut::pypi {
namespace {

using ::stablecut::testing::IsOk;
using ::stablecut::testing::ReadFileOrEmpty;
using ::stablecut::testing::StatusIs;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

TEST(PypiJsonApi, ParsesRecordedWheelRelease) {
  std::string body = ReadFileOrEmpty(STABLECUT_FIXTURES_DIR "/pypi/wheel-0.40.0.json");
  ASSERT_FALSE(body.empty()) << "fixture missing under " STABLECUT_FIXTURES_DIR;
  auto files = ParseReleaseFiles(body);
  ASSERT_THAT(files, IsOk());
  ASSERT_EQ(files->size(), 2u);

  PypiFile const& wheel = (*files)[0];
  EXPECT_EQ(wheel.filename, "wheel-0.40.0-py3-none-any.whl");
  EXPECT_EQ(wheel.sha256, "d236b20e7cb522daf2390fa84c55eea81c5c30190f90f29ae2ca1ad8355bf247");
  EXPECT_EQ(wheel.size, 64545);
  EXPECT_EQ(wheel.packagetype, "bdist_wheel");
  EXPECT_EQ(wheel.python_version, "py3");
  EXPECT_FALSE(wheel.yanked);
  EXPECT_EQ(wheel.upload_time, "2023-03-14T15:10:00");
  EXPECT_EQ(wheel.url,
            "https://files.pythonhosted.org/packages/61/86/"
            "cc8d1ff2ca31a312a25a708c891cf9facbad4eae493b3872638db6785eb5/"
            "wheel-0.40.0-py3-none-any.whl");

  PypiFile const& sdist = (*files)[1];
  EXPECT_EQ(sdist.filename, "wheel-0.40.0.tar.gz");
  EXPECT_EQ(sdist.sha256, "5cb7e75751aa82e1b7db3fd52f5a9d59e7b06905630bed135793295931528740");
  EXPECT_EQ(sdist.size, 96226);
  EXPECT_EQ(sdist.packagetype, "sdist");
  EXPECT_EQ(sdist.python_version, "source");
}

constexpr char kSha[] = "D236B20E7CB522DAF2390FA84C55EEA81C5C30190F90F29AE2CA1AD8355BF247";

std::string Document(std::string const& entry) {
  return R"({"info": {"name": "demo"}, "urls": [)" + entry + R"(], "last_serial": 7})";
}

TEST(PypiJsonApi, AcceptsMinimalEntriesAndNulls) {
  auto files = ParseReleaseFiles(
      Document(std::string(R"({"filename": "a-1.0.tar.gz", "size": 0, "digests": {"sha256": ")") +
               kSha + R"(", "blake2b_256": "x"}, "yanked": null, "url": null, "extra": [1, {}]})"));
  ASSERT_THAT(files, IsOk());
  ASSERT_EQ(files->size(), 1u);
  EXPECT_EQ((*files)[0].sha256, absl::AsciiStrToLower(kSha));
  EXPECT_EQ((*files)[0].size, 0);
  EXPECT_FALSE((*files)[0].yanked);
  EXPECT_EQ((*files)[0].url, "");
}

TEST(PypiJsonApi, ReleaseWithoutFilesIsEmpty) {
  auto files = ParseReleaseFiles(R"({"urls": []})");
  ASSERT_THAT(files, IsOk());
  EXPECT_THAT(*files, IsEmpty());
}

TEST(PypiJsonApi, RejectsMalformedDocumentsNamingTheField) {
  std::string const sha = std::string(R"("digests": {"sha256": ")") + kSha + R"("})";
  struct Case {
    char const* name;
    std::string body;
    char const* message;
  } const cases[] = {
      {"empty", "", "not valid JSON"},
      {"truncated", R"({"urls": [)", "not valid JSON"},
      {"html", "<html>503 Service Unavailable</html>", "not valid JSON"},
      {"array", "[]", "not a JSON object"},
      {"not found body", R"({"message": "Not Found"})", "no \"urls\" array"},
      {"urls not array", R"({"urls": {}})", "no \"urls\" array"},
      {"entry not object", Document("1"), "urls[0] is not an object"},
      {"no filename", Document("{\"size\": 1, " + sha + "}"), "urls[0].filename is missing"},
      {"filename number", Document("{\"filename\": 5, \"size\": 1, " + sha + "}"),
       "urls[0].filename is not a string"},
      {"no digests", Document(R"({"filename": "a", "size": 1})"), "urls[0].digests"},
      {"short sha256", Document(R"({"filename": "a", "size": 1, "digests": {"sha256": "abc"}})"),
       "urls[0].digests.sha256 is not 64 hex digits"},
      {"sha256 number", Document(R"({"filename": "a", "size": 1, "digests": {"sha256": 5}})"),
       "urls[0].digests.sha256 is not a string"},
      {"size string", Document("{\"filename\": \"a\", \"size\": \"1\", " + sha + "}"),
       "urls[0].size"},
      {"size negative", Document("{\"filename\": \"a\", \"size\": -1, " + sha + "}"),
       "urls[0].size"},
      {"size fraction", Document("{\"filename\": \"a\", \"size\": 1.5, " + sha + "}"),
       "urls[0].size"},
      {"size huge", Document("{\"filename\": \"a\", \"size\": 18446744073709551615, " + sha + "}"),
       "urls[0].size"},
      {"yanked string",
       Document("{\"filename\": \"a\", \"size\": 1, \"yanked\": \"no\", " + sha + "}"),
       "urls[0].yanked is not a boolean"},
      {"url number", Document("{\"filename\": \"a\", \"size\": 1, \"url\": 1, " + sha + "}"),
       "urls[0].url is not a string"},
  };
  for (auto const& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_THAT(ParseReleaseFiles(c.body),
                StatusIs(absl::StatusCode::kInvalidArgument,
                         AllOf(HasSubstr("PyPI JSON API"), HasSubstr(c.message))));
  }
}

TEST(PypiJsonApi, RejectsOversizedBodyBeforeParsing) {
  std::string body(kMaxJsonApiBodyBytes + 1, ' ');
  EXPECT_THAT(ParseReleaseFiles(body),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("larger than")));
}

TEST(PypiJsonApi, SurvivesDeepNesting) {
  std::string body =
      R"({"urls": [], "x": )" + std::string(100000, '[') + std::string(100000, ']') + "}";
  EXPECT_THAT(ParseReleaseFiles(body), IsOk());
}

// GET /pypi/<project>/json: every file of every release counts, yanked ones too.
TEST(PypiJsonApi, ProjectBytesSumsEveryFileOfEveryRelease) {
  auto bytes = ParseProjectBytes(R"({"info":{},"releases":{
      "1.0":[{"filename":"a-1.0.tar.gz","size":1000},{"filename":"a-1.0-py3-none-any.whl","size":250,"yanked":true}],
      "2.0":[{"filename":"a-2.0-py3-none-any.whl","size":5000000000}],
      "3.0":[]}})");
  ASSERT_THAT(bytes, IsOk());
  EXPECT_EQ(*bytes, 1000 + 250 + 5000000000LL);
  auto none = ParseProjectBytes(R"({"releases":{}})");
  ASSERT_THAT(none, IsOk());
  EXPECT_EQ(*none, 0);
}

TEST(PypiJsonApi, ProjectBytesRejectsWhatItCannotSum) {
  EXPECT_THAT(ParseProjectBytes("[]"), StatusIs(absl::StatusCode::kInvalidArgument,
                                                HasSubstr("not a JSON object")));
  EXPECT_THAT(ParseProjectBytes(R"({"info":{}})"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("releases")));
  EXPECT_THAT(ParseProjectBytes(R"({"releases":{"1.0":[{"size":"12"}]}})"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("PyPI JSON API"), HasSubstr("releases[1.0][0].size"))));
  EXPECT_THAT(ParseProjectBytes(R"({"releases":{"1.0":{}}})"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("releases[1.0]")));
}

}  // namespace
}  // namespace stablecut::pypi
