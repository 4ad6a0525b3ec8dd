// Tests the upload form fields built from a wheel's METADATA, as twine sends them.
#include "lib/pypi/upload_form.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/temp_dir.h"
#include "tests/testing/wheel_builder.h"

namespace stablecut::pypi {
namespace {

using ::stablecut::testing::IsOk;
using ::stablecut::testing::StatusIs;
using ::testing::Contains;
using ::testing::ElementsAreArray;
using ::testing::HasSubstr;
using ::testing::Key;
using ::testing::Not;

constexpr char kSha256[] = "d236b20e7cb522daf2390fa84c55eea81c5c30190f90f29ae2ca1ad8355bf247";
constexpr char kMd5[] = "517D39F133BD7B1FF17CAF09784B7543";

// A realistic METADATA, as setuptools writes it for a project with a README.
constexpr char kRealisticMetadata[] =
    "Metadata-Version: 2.1\n"
    "Name: Demo_Pkg\n"
    "Version: 1.0.0rc1\n"
    "Summary: A demo package\n"
    "Home-page: https://example.org/demo\n"
    "Author: Ada\n"
    "Author-email: Ada <ada@example.org>\n"
    "License: UNKNOWN\n"
    "Project-URL: Source, https://github.com/acme/demo\n"
    "Project-URL: Issues, https://github.com/acme/demo/issues\n"
    "Keywords: demo,release , automation,\n"
    "Platform: UNKNOWN\n"
    "Classifier: Programming Language :: Python :: 3\n"
    "Classifier: License :: OSI Approved :: MIT License\n"
    "Requires-Python: >=3.8\n"
    "Description-Content-Type: text/markdown\n"
    "License-File: LICENSE\n"
    "Requires-Dist: requests>=2\n"
    "Requires-Dist: pytest; extra == \"test\"\n"
    "Provides-Extra: test\n"
    "Generator: some-tool 1.0\n"
    "Maintainer:\n"
    "\n"
    "# Demo\n\nA demo.\n";

FileType DemoWheel() {
  auto metadata = wheel::ParseMetadata(kRealisticMetadata);
  EXPECT_THAT(metadata, IsOk());
  auto type = FileTypeOf("demo_pkg-1.0.0rc1-py2.py3-none-any.whl", *metadata);
  EXPECT_THAT(type, IsOk());
  return *type;
}

TEST(UploadForm, SendsTwinesFieldsInTwinesOrder) {
  auto metadata = wheel::ParseMetadata(kRealisticMetadata);
  ASSERT_THAT(metadata, IsOk());
  auto fields = UploadFormFields(*metadata, DemoWheel(), kSha256, kMd5);
  ASSERT_THAT(fields, IsOk());
  FormFields const expected = {
      {"metadata_version", "2.1"},
      {"name", "Demo-Pkg"},
      {"version", "1.0.0rc1"},
      {"summary", "A demo package"},
      {"home_page", "https://example.org/demo"},
      {"author", "Ada"},
      {"author_email", "Ada <ada@example.org>"},
      {"project_urls", "Source, https://github.com/acme/demo"},
      {"project_urls", "Issues, https://github.com/acme/demo/issues"},
      {"keywords", "demo, release, automation"},
      {"classifiers", "Programming Language :: Python :: 3"},
      {"classifiers", "License :: OSI Approved :: MIT License"},
      {"requires_python", ">=3.8"},
      {"description_content_type", "text/markdown"},
      {"requires_dist", "requests>=2"},
      {"requires_dist", "pytest; extra == \"test\""},
      {"provides_extra", "test"},
      {"description", "# Demo\n\nA demo.\n"},
      {"pyversion", "py2.py3"},
      {"filetype", "bdist_wheel"},
      {"sha256_digest", kSha256},
      {"md5_digest", "517d39f133bd7b1ff17caf09784b7543"},
      {":action", "file_upload"},
      {"protocol_version", "1"},
  };
  EXPECT_THAT(*fields, ElementsAreArray(expected));
}

TEST(UploadForm, MapsEachHeaderToItsFormName) {
  struct Case {
    char const* name;
    std::string header_lines;
    FormFields expected;  // the fields between "version" and "pyversion"
  } const cases[] = {
      {"name substitution", "", {}},
      {"download url", "Download-URL: https://x/y.tgz\n", {{"download_url", "https://x/y.tgz"}}},
      {"maintainer email", "Maintainer-Email: m@x\n", {{"maintainer_email", "m@x"}}},
      {"license expression", "License-Expression: MIT\n", {{"license_expression", "MIT"}}},
      {"platforms stay singular",
       "Platform: linux\nPlatform: win32\n",
       {{"platform", "linux"}, {"platform", "win32"}}},
      {"supported platform",
       "Supported-Platform: RedHat 7.2\n",
       {{"supported_platform", "RedHat 7.2"}}},
      {"license file needs 2.4", "License-File: LICENSE\n", {}},
      {"dist relations",
       "Provides-Dist: a\nObsoletes-Dist: b\nRequires-External: c\n",
       {{"provides_dist", "a"}, {"obsoletes_dist", "b"}, {"requires_external", "c"}}},
      {"dynamic", "Dynamic: Requires-Dist\n", {{"dynamic", "Requires-Dist"}}},
      {"case-insensitive header",
       "classifier: Framework :: Django\n",
       {{"classifiers", "Framework :: Django"}}},
      {"unknown header dropped", "X-Custom: 1\nGenerator: bdist 1\n", {}},
      {"UNKNOWN dropped", "Summary: UNKNOWN\nHome-Page: UNKNOWN\n", {}},
      {"empty dropped", "Summary:\nKeywords: ,\n", {}},
      {"single field sent once", "Summary: one\nSummary: two\n", {{"summary", "one"}}},
      {"description header",
       "Description: Long\n  text\nSummary: s\n",
       {{"description", "Long\ntext"}, {"summary", "s"}}},
  };
  for (auto const& c : cases) {
    SCOPED_TRACE(c.name);
    auto metadata = wheel::ParseMetadata(
        "Metadata-Version: 2.1\nName: demo..pkg__x\nVersion: 1.0\n" + c.header_lines);
    ASSERT_THAT(metadata, IsOk());
    auto fields = UploadFormFields(*metadata, DemoWheel(), kSha256, "");
    ASSERT_THAT(fields, IsOk());
    FormFields expected = {
        {"metadata_version", "2.1"}, {"name", "demo..pkg-x"}, {"version", "1.0"}};
    expected.insert(expected.end(), c.expected.begin(), c.expected.end());
    for (auto const& tail : FormFields{{"pyversion", "py2.py3"},
                                       {"filetype", "bdist_wheel"},
                                       {"sha256_digest", kSha256},
                                       {":action", "file_upload"},
                                       {"protocol_version", "1"}}) {
      expected.push_back(tail);
    }
    EXPECT_THAT(*fields, ElementsAreArray(expected));
  }
}

TEST(UploadForm, SendsLicenseFilesFromMetadataVersion24) {
  auto metadata = wheel::ParseMetadata(
      "Metadata-Version: 2.4\nName: demo\nVersion: 1.0\nLicense-File: LICENSE\n"
      "License-File: NOTICE\n");
  ASSERT_THAT(metadata, IsOk());
  auto fields = UploadFormFields(*metadata, DemoWheel(), kSha256, "");
  ASSERT_THAT(fields, IsOk());
  EXPECT_THAT(*fields,
              Contains(std::make_pair(std::string("license_file"), std::string("LICENSE"))));
  EXPECT_THAT(*fields,
              Contains(std::make_pair(std::string("license_file"), std::string("NOTICE"))));
  EXPECT_THAT(*fields, Not(Contains(Key("md5_digest"))));
}

TEST(UploadForm, RejectsMissingRequiredMetadata) {
  struct Case {
    char const* text;
    char const* missing;
  } const cases[] = {
      {"Name: demo\nVersion: 1.0\n", "Metadata-Version"},
      {"Metadata-Version: 2.1\nVersion: 1.0\n", "Name"},
      {"Metadata-Version: 2.1\nName: demo\n", "Version"},
      {"Metadata-Version: 2.1\nName: demo\nVersion:  \n", "Version"},
  };
  for (auto const& c : cases) {
    SCOPED_TRACE(c.missing);
    auto metadata = wheel::ParseMetadata(c.text);
    ASSERT_THAT(metadata, IsOk());
    EXPECT_THAT(UploadFormFields(*metadata, DemoWheel(), kSha256, ""),
                StatusIs(absl::StatusCode::kInvalidArgument,
                         HasSubstr(absl::StrCat("has no ", c.missing))));
  }
}

TEST(UploadForm, RejectsMalformedDigests) {
  auto metadata = wheel::ParseMetadata("Metadata-Version: 2.1\nName: demo\nVersion: 1.0\n");
  ASSERT_THAT(metadata, IsOk());
  struct Case {
    char const* name;
    std::string sha256;
    std::string md5;
    char const* message;
  } const cases[] = {
      {"short sha256", "abc", "", "sha256_digest must be 64 hex digits"},
      {"non-hex sha256", std::string(64, 'g'), "", "sha256_digest"},
      {"empty sha256", "", "", "sha256_digest"},
      {"short md5", kSha256, "abc", "md5_digest must be 32 hex digits"},
  };
  for (auto const& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_THAT(UploadFormFields(*metadata, DemoWheel(), c.sha256, c.md5),
                StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr(c.message)));
  }
}

TEST(UploadForm, BuildsFromRealWheel) {
  stablecut::testing::TempDir dir;
  std::string path = stablecut::testing::WriteTestWheel(dir.path(), "demo_pkg", "2.0");
  auto metadata = wheel::ReadWheelMetadata(path);
  ASSERT_THAT(metadata, IsOk());
  auto type = FileTypeOf("demo_pkg-2.0-py3-none-any.whl", *metadata);
  ASSERT_THAT(type, IsOk());
  auto fields = UploadFormFields(*metadata, *type, kSha256, "");
  ASSERT_THAT(fields, IsOk());
  EXPECT_THAT(*fields, Contains(std::make_pair(std::string("name"), std::string("demo-pkg"))));
  EXPECT_THAT(*fields, Contains(std::make_pair(std::string("pyversion"), std::string("py3"))));
}

TEST(UploadForm, AnSdistIsSentAsSourceWithItsPkgInfoFields) {
  auto metadata = wheel::ParseMetadata(kRealisticMetadata);
  ASSERT_THAT(metadata, IsOk());
  auto type = FileTypeOf("demo_pkg-1.0.0rc1.tar.gz", *metadata);
  ASSERT_THAT(type, IsOk());
  EXPECT_EQ(type->filetype, "sdist");
  EXPECT_EQ(type->pyversion, "source");
  auto fields = UploadFormFields(*metadata, *type, kSha256, "");
  ASSERT_THAT(fields, IsOk());
  EXPECT_THAT(*fields, Contains(std::make_pair(std::string("filetype"), std::string("sdist"))));
  EXPECT_THAT(*fields,
              Contains(std::make_pair(std::string("pyversion"), std::string("source"))));
  EXPECT_THAT(*fields, Contains(std::make_pair(std::string("name"), std::string("Demo-Pkg"))));
}

TEST(UploadForm, FileTypeOfRefusesWhatPyPIWouldNotTake) {
  auto metadata = wheel::ParseMetadata(kRealisticMetadata);
  ASSERT_THAT(metadata, IsOk());
  struct Case {
    char const* filename;
    char const* message;
  } const cases[] = {
      {"demo_pkg-1.0.0.tar.gz", "sdist version \"1.0.0\" is not release version \"1.0.0rc1\""},
      {"other-1.0.0rc1.tar.gz", "sdist of \"other\""},
      {"demo_pkg-1.0.0rc1.zip", "PEP 625"},
      {"demo_pkg-1.0.0rc1.tar.bz2", "neither a wheel (.whl) nor an sdist (.tar.gz)"},
      {"demo_pkg-1.0-py3-none-any.whl", "wheel version \"1.0\""},
  };
  for (auto const& c : cases) {
    SCOPED_TRACE(c.filename);
    EXPECT_THAT(FileTypeOf(c.filename, *metadata),
                StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr(c.message)));
  }
}

}  // namespace
}  // namespace stablecut::pypi
