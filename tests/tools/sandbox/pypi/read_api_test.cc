// The JSON API, the simple index and file downloads, as curl sees them.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"
#include "tests/testing/temp_dir.h"
#include "tests/testing/wheel_builder.h"
#include "tests/tools/sandbox/pypi/pypi_test_env.h"

namespace stablecut::sandbox::testing {
namespace {

using ::testing::HasSubstr;

constexpr char kFilename[] = "widgets-1.0.0-py3-none-any.whl";

class ReadApi : public ::testing::Test {
 protected:
  void SetUp() override {
    wheel_ = stablecut::testing::WriteTestWheel(dir_.path(), "widgets", "1.0.0");
    auto form = UploadFormArgs(wheel_, "widgets", "1.0.0");
    form.insert(form.begin(), {"-F", "requires_python=>=3.9", "-F", "summary=Widgets."});
    form.insert(form.begin(), {"-u", absl::StrCat("__token__:", kToken)});
    form.push_back(server_.base_url() + "/legacy/");
    ASSERT_EQ(Curl(dir_.path(), form).status, 200);
  }
  CurlResult Get(std::string const& path, std::vector<std::string> extra = {}) {
    extra.push_back(server_.base_url() + path);
    return Curl(dir_.path(), extra);
  }

  stablecut::testing::TempDir dir_;
  PypiTestServer server_{dir_.path() + "/state"};
  std::string wheel_;
};

TEST_F(ReadApi, ReleaseJsonListsTheFileWithItsDigests) {
  auto result = Get("/pypi/widgets/1.0.0/json");
  ASSERT_EQ(result.status, 200);
  auto json = nlohmann::json::parse(result.body);
  EXPECT_EQ(json["info"]["name"], "widgets");
  EXPECT_EQ(json["info"]["version"], "1.0.0");
  EXPECT_EQ(json["info"]["summary"], "Widgets.");
  EXPECT_FALSE(json.contains("releases"));
  ASSERT_EQ(json["urls"].size(), 1u);
  auto const& file = json["urls"][0];
  EXPECT_EQ(file["filename"], kFilename);
  EXPECT_EQ(file["digests"]["sha256"], Sha256OfFile(wheel_));
  EXPECT_EQ(file["digests"]["blake2b_256"].get<std::string>().size(), 64u);
  EXPECT_EQ(file["packagetype"], "bdist_wheel");
  EXPECT_EQ(file["python_version"], "py3");
  EXPECT_EQ(file["requires_python"], ">=3.9");
  EXPECT_EQ(file["upload_time"], "2026-01-01T00:00:00");
  EXPECT_EQ(file["upload_time_iso_8601"], "2026-01-01T00:00:00.000000Z");
  EXPECT_EQ(file["yanked"], false);
  EXPECT_EQ(file["size"], stablecut::testing::ReadFileOrEmpty(wheel_).size());
  // The url serves the same bytes.
  auto download = Curl(dir_.path(), {file["url"].get<std::string>()});
  EXPECT_EQ(download.status, 200);
  EXPECT_EQ(download.body, stablecut::testing::ReadFileOrEmpty(wheel_));
}

TEST_F(ReadApi, ReleaseJsonMatchesCanonicalVersions) {
  EXPECT_EQ(Get("/pypi/widgets/1.0/json").status, 200);
  EXPECT_EQ(Get("/pypi/widgets/1.0.0/json/").status, 200);
}

TEST_F(ReadApi, ProjectJsonHasReleases) {
  auto result = Get("/pypi/widgets/json");
  ASSERT_EQ(result.status, 200);
  auto json = nlohmann::json::parse(result.body);
  EXPECT_EQ(json["releases"]["1.0.0"][0]["filename"], kFilename);
}

TEST_F(ReadApi, UnknownProjectOrVersionIs404Json) {
  auto missing = Get("/pypi/nothing/1.0/json");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(nlohmann::json::parse(missing.body), nlohmann::json({{"message", "Not Found"}}));
  EXPECT_EQ(Get("/pypi/widgets/9.9/json").status, 404);
}

TEST_F(ReadApi, NonNormalizedNameRedirects301) {
  auto result = Get("/pypi/Widgets/1.0.0/json");
  EXPECT_EQ(result.status, 301);
  EXPECT_THAT(result.headers,
              HasSubstr("Location: " + server_.base_url() + "/pypi/widgets/1.0.0/json"));
}

TEST_F(ReadApi, SimpleProjectPageIsPep503Html) {
  auto result = Get("/simple/widgets/");
  ASSERT_EQ(result.status, 200);
  EXPECT_THAT(result.headers, HasSubstr("Content-Type: text/html"));
  EXPECT_THAT(result.body, HasSubstr("<title>Links for widgets</title>"));
  EXPECT_THAT(result.body, HasSubstr("<meta name=\"pypi:repository-version\" content=\"1.4\">"));
  EXPECT_THAT(result.body, HasSubstr(absl::StrCat("#sha256=", Sha256OfFile(wheel_),
                                                  "\" data-requires-python=\"&gt;=3.9\">",
                                                  kFilename, "</a><br />")));
}

TEST_F(ReadApi, SimpleProjectPageNegotiatesPep691Json) {
  auto result = Get("/simple/widgets/",
                    {"-H", "Accept: application/vnd.pypi.simple.v1+json, "
                           "application/vnd.pypi.simple.v1+html; q=0.1, text/html; q=0.01"});
  ASSERT_EQ(result.status, 200);
  EXPECT_THAT(result.headers, HasSubstr("Content-Type: application/vnd.pypi.simple.v1+json"));
  auto json = nlohmann::json::parse(result.body);
  EXPECT_EQ(json["meta"]["api-version"], "1.4");
  EXPECT_EQ(json["files"][0]["filename"], kFilename);
  EXPECT_EQ(json["files"][0]["hashes"]["sha256"], Sha256OfFile(wheel_));
}

TEST_F(ReadApi, SimpleRedirectsAndNotFound) {
  auto no_slash = Get("/simple/widgets");
  EXPECT_EQ(no_slash.status, 301);
  EXPECT_THAT(no_slash.headers, HasSubstr("Location: " + server_.base_url() + "/simple/widgets/"));
  auto not_normalized = Get("/simple/Widgets/");
  EXPECT_EQ(not_normalized.status, 301);
  EXPECT_THAT(not_normalized.headers,
              HasSubstr("Location: " + server_.base_url() + "/simple/widgets/"));
  auto missing = Get("/simple/nothing/");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.body, "404 Not Found");
  auto index = Get("/simple/");
  EXPECT_EQ(index.status, 200);
  EXPECT_THAT(index.body, HasSubstr("/simple/widgets/\">widgets</a>"));
}

}  // namespace
}  // namespace stablecut::sandbox::testing
