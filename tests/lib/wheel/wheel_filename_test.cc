// Tests wheel and sdist filename parsing, PEP 503 names and release matching.
#include "lib/wheel/wheel_filename.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "tests/testing/status_matchers.h"

namespace stablecut::wheel {
namespace {

using ::stablecut::testing::IsOk;
using ::stablecut::testing::StatusIs;
using ::testing::HasSubstr;

TEST(WheelFilename, ParsesGoodFilenames) {
  struct Case {
    char const* filename;
    WheelFilename expected;
  } const cases[] = {
      {"demo_pkg-1.0-py3-none-any.whl", {"demo_pkg", "1.0", "", {"py3"}, {"none"}, {"any"}}},
      {"numpy-1.26.0-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl",
       {"numpy",
        "1.26.0",
        "",
        {"cp311"},
        {"cp311"},
        {"manylinux_2_17_x86_64", "manylinux2014_x86_64"}}},
      {"six-1.16.0-py2.py3-none-any.whl", {"six", "1.16.0", "", {"py2", "py3"}, {"none"}, {"any"}}},
      {"demo-2.0-1-py3-none-any.whl", {"demo", "2.0", "1", {"py3"}, {"none"}, {"any"}}},
      {"demo-2.0-12b_x-py3-none-any.whl", {"demo", "2.0", "12b_x", {"py3"}, {"none"}, {"any"}}},
      {"Zope.Interface-5.0rc1-cp39-abi3-win_amd64.whl",
       {"Zope.Interface", "5.0rc1", "", {"cp39"}, {"abi3"}, {"win_amd64"}}},
      {"pkg-1.0.0.post1.dev2-py3-none-macosx_11_0_arm64.whl",
       {"pkg", "1.0.0.post1.dev2", "", {"py3"}, {"none"}, {"macosx_11_0_arm64"}}},
  };
  for (auto const& c : cases) {
    SCOPED_TRACE(c.filename);
    auto wheel = ParseWheelFilename(c.filename);
    ASSERT_THAT(wheel, IsOk());
    EXPECT_EQ(wheel->distribution, c.expected.distribution);
    EXPECT_EQ(wheel->version, c.expected.version);
    EXPECT_EQ(wheel->build_tag, c.expected.build_tag);
    EXPECT_EQ(wheel->python_tags, c.expected.python_tags);
    EXPECT_EQ(wheel->abi_tags, c.expected.abi_tags);
    EXPECT_EQ(wheel->platform_tags, c.expected.platform_tags);
  }
}

TEST(WheelFilename, RejectsBadFilenamesSayingWhy) {
  struct Case {
    char const* name;
    std::string filename;
    char const* reason;
  } const cases[] = {
      {"parent path", "../evil-1.0-py3-none-any.whl", "path separator"},
      {"subdirectory", "a/b-1.0-py3-none-any.whl", "path separator"},
      {"backslash", "a\\b-1.0-py3-none-any.whl", "path separator"},
      {"absolute", "/evil-1.0-py3-none-any.whl", "path separator"},
      {"dot dot", "evil..x-1.0-py3-none-any.whl", "\"..\""},
      {"newline", "demo-1.0-py3-none-any.whl\nforged", "control character"},
      {"nul", std::string("demo-1.0\0-py3-none-any.whl", 26), "control character"},
      {"delete", "demo-1.0-py3-none-any\x7f.whl", "control character"},
      {"empty", "", "empty"},
      {"zip", "demo-1.0-py3-none-any.zip", "\".whl\""},
      {"upper extension", "demo-1.0-py3-none-any.WHL", "\".whl\""},
      {"tar.gz", "demo-1.0.tar.gz", "\".whl\""},
      {"four parts", "demo-1.0-py3-any.whl", "4 dash-separated parts"},
      {"seven parts", "demo-x-1.0-1-py3-none-any.whl", "7 dash-separated parts"},
      {"only extension", ".whl", "1 dash-separated parts"},
      {"empty part", "demo--py3-none-any.whl", "empty part"},
      {"empty tag part", "demo-1.0-py3-none-.whl", "empty part"},
      {"bad name char", "de+mo-1.0-py3-none-any.whl", "distribution"},
      {"name starts with dot", ".demo-1.0-py3-none-any.whl", "distribution"},
      {"bad version", "demo-one-py3-none-any.whl", "not a PEP 440 version"},
      {"build tag without digit", "demo-1.0-b1-py3-none-any.whl", "build tag"},
      {"empty tag in set", "demo-1.0-py2..py3-none-any.whl", "\"..\""},
      {"trailing dot tag", "demo-1.0-py3.-none-any.whl", "python tag"},
      {"bad platform char", "demo-1.0-py3-none-any+x.whl", "platform tag"},
      {"too long", "demo-1.0-py3-none-" + std::string(kMaxFilenameLength, 'a') + ".whl",
       "longer than 255"},
  };
  for (auto const& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_THAT(ParseWheelFilename(c.filename),
                StatusIs(absl::StatusCode::kInvalidArgument,
                         AllOf(HasSubstr("invalid wheel filename"), HasSubstr(c.reason))));
  }
}

TEST(WheelFilename, ErrorEscapesHostileFilename) {
  auto wheel = ParseWheelFilename("demo-1.0-py3-none-any.whl\nlevel=error forged");
  EXPECT_THAT(wheel, StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("\\n")));
  EXPECT_EQ(wheel.status().message().find('\n'), absl::string_view::npos);
}

TEST(WheelSdistFilename, ParsesNameAndVersion) {
  struct Case {
    char const* filename;
    char const* distribution;
    char const* version;
  } const cases[] = {
      {"wheel-0.40.0.tar.gz", "wheel", "0.40.0"},
      {"demo_pkg-1.0rc1.tar.gz", "demo_pkg", "1.0rc1"},
      {"my-project-2.1.tar.gz", "my-project", "2.1"},
  };
  for (auto const& c : cases) {
    SCOPED_TRACE(c.filename);
    auto sdist = ParseSdistFilename(c.filename);
    ASSERT_THAT(sdist, IsOk());
    EXPECT_EQ(sdist->distribution, c.distribution);
    EXPECT_EQ(sdist->version, c.version);
  }
}

TEST(WheelSdistFilename, RejectsBadFilenamesSayingWhy) {
  struct Case {
    char const* filename;
    char const* reason;
  } const cases[] = {
      {"../demo-1.0.tar.gz", "path separator"},
      {"demo-1.0.zip", "\".tar.gz\""},
      {"demo-1.0.tgz", "\".tar.gz\""},
      {"demo.tar.gz", "name-version"},
      {"-1.0.tar.gz", "empty part"},
      {"demo-.tar.gz", "empty part"},
      {"demo-x.tar.gz", "not a PEP 440 version"},
      {"de mo-1.0.tar.gz", "distribution"},
  };
  for (auto const& c : cases) {
    SCOPED_TRACE(c.filename);
    EXPECT_THAT(ParseSdistFilename(c.filename),
                StatusIs(absl::StatusCode::kInvalidArgument,
                         AllOf(HasSubstr("invalid sdist filename"), HasSubstr(c.reason))));
  }
}

TEST(WheelProjectName, FollowsPep503) {
  struct Case {
    char const* name;
    char const* normalized;
  } const cases[] = {
      {"demo", "demo"},
      {"Demo_Pkg", "demo-pkg"},
      {"demo.pkg", "demo-pkg"},
      {"demo-pkg", "demo-pkg"},
      {"Demo__-._Pkg", "demo-pkg"},
      {"ZOPE.Interface", "zope-interface"},
      {"a-_b.c", "a-b-c"},
      {"", ""},
  };
  for (auto const& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(NormalizeProjectName(c.name), c.normalized);
  }
}

TEST(CheckWheelMatches, AcceptsSameProjectAndVersionInAnySpelling) {
  auto wheel = ParseWheelFilename("Demo_Pkg-1.0.0rc1-py3-none-any.whl");
  ASSERT_THAT(wheel, IsOk());
  struct Case {
    char const* project;
    char const* version;
  } const cases[] = {
      {"demo-pkg", "1.0.0rc1"},
      {"Demo.Pkg", "1.0.0-rc1"},
      {"demo_pkg", "1.0rc1"},
  };
  for (auto const& c : cases) {
    SCOPED_TRACE(absl::StrCat(c.project, " ", c.version));
    EXPECT_THAT(CheckWheelMatches(*wheel, c.project, c.version), IsOk());
  }
}

TEST(CheckWheelMatches, RejectsOtherProjectOrVersionSayingWhich) {
  auto wheel = ParseWheelFilename("demo_pkg-1.0.0-py3-none-any.whl");
  ASSERT_THAT(wheel, IsOk());
  struct Case {
    char const* name;
    char const* project;
    char const* version;
    char const* message;
  } const cases[] = {
      {"other project", "demo-pkg2", "1.0.0", "does not belong to project \"demo-pkg2\""},
      {"prefix of project", "demo", "1.0.0", "does not belong to project"},
      {"other version", "demo-pkg", "1.0.1", "is not release version \"1.0.1\""},
      {"pre-release", "demo-pkg", "1.0.0rc1", "is not release version"},
      {"not a version", "demo-pkg", "latest", "\"latest\" is not a PEP 440 version"},
  };
  for (auto const& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_THAT(CheckWheelMatches(*wheel, c.project, c.version),
                StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr(c.message)));
  }
}

}  // namespace
}  // namespace stablecut::wheel
