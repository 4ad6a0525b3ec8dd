// The legacy upload API as curl sees it: auth, routing, warehouse's validation texts.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>
#include <memory>

#include "absl/strings/str_cat.h"
#include "tests/testing/temp_dir.h"
#include "tests/testing/wheel_builder.h"
#include "tests/tools/sandbox/pypi/pypi_test_env.h"

namespace stablecut::sandbox::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

class UploadApi : public ::testing::Test {
 protected:
  std::string Url() const { return server_.base_url() + "/legacy/"; }
  std::string Wheel(std::string const& version = "1.0.0") {
    return stablecut::testing::WriteTestWheel(dir_.path(), "widgets", version);
  }
  CurlResult Upload(std::vector<std::string> form, std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"-u", absl::StrCat("__token__:", kToken)};
    args.insert(args.end(), form.begin(), form.end());
    args.insert(args.end(), extra.begin(), extra.end());
    args.push_back(Url());
    return Curl(dir_.path(), args);
  }
  // Replaces the value of field `name` in a form built by UploadFormArgs.
  static std::vector<std::string> With(std::vector<std::string> form, std::string const& name,
                                       std::string const& value) {
    for (auto& arg : form) {
      if (arg.rfind(name + "=", 0) == 0) arg = name + "=" + value;
    }
    return form;
  }
  std::string Title(std::string const& body) {
    auto start = body.find("<title>");
    auto end = body.find("</title>");
    if (start == std::string::npos || end == std::string::npos) return "";
    return body.substr(start + 7, end - start - 7);
  }

  stablecut::testing::TempDir dir_;
  PypiTestServer server_{dir_.path() + "/state"};
};

TEST_F(UploadApi, StoresAWheelAndAnswers200) {
  auto wheel = Wheel();
  auto result = Upload(UploadFormArgs(wheel, "widgets", "1.0.0"));
  EXPECT_EQ(result.status, 200) << result.body;
  auto dump = server_.index().Dump();
  ASSERT_EQ(dump["uploads"].size(), 1u);
  EXPECT_EQ(dump["uploads"][0]["status"], 200);
  EXPECT_EQ(dump["uploads"][0]["filename"], "widgets-1.0.0-py3-none-any.whl");
  EXPECT_EQ(dump["uploads"][0]["sha256"], Sha256OfFile(wheel));
  EXPECT_THAT(dump.dump(), ::testing::Not(HasSubstr(kToken)));
}

TEST_F(UploadApi, RefusesAWrongTokenWith403) {
  auto form = UploadFormArgs(Wheel(), "widgets", "1.0.0");
  form.insert(form.begin(), {"-u", "__token__:pypi-wrong"});
  form.push_back(Url());
  auto result = Curl(dir_.path(), form);
  EXPECT_EQ(result.status, 403);
  EXPECT_EQ(Title(result.body),
            "403 Invalid or non-existent authentication information. See "
            "https://pypi.org/help/#invalid-auth for more information.");
}

TEST_F(UploadApi, RefusesMissingAuthWith403) {
  auto form = UploadFormArgs(Wheel(), "widgets", "1.0.0");
  form.push_back(Url());
  EXPECT_EQ(Curl(dir_.path(), form).status, 403);
}

TEST_F(UploadApi, RefusesUsernamePasswordWith403) {
  auto form = UploadFormArgs(Wheel(), "widgets", "1.0.0");
  form.insert(form.begin(), {"-u", absl::StrCat("alice:", kToken)});
  form.push_back(Url());
  auto result = Curl(dir_.path(), form);
  EXPECT_EQ(result.status, 403);
  EXPECT_THAT(Title(result.body),
              StartsWith("403 Username/Password authentication is no longer supported."));
}

TEST_F(UploadApi, AcceptsBearerAndTokenSchemes) {
  auto form = UploadFormArgs(Wheel(), "widgets", "1.0.0");
  form.insert(form.begin(), {"-H", absl::StrCat("Authorization: Bearer ", kToken)});
  form.push_back(Url());
  EXPECT_EQ(Curl(dir_.path(), form).status, 200);
  form[1] = absl::StrCat("Authorization: token ", kToken);
  EXPECT_EQ(Curl(dir_.path(), form).status, 200);  // identical bytes again: 200
}

TEST_F(UploadApi, RedirectsLegacyWithoutSlashWith308) {
  auto form = UploadFormArgs(Wheel(), "widgets", "1.0.0");
  form.push_back(server_.base_url() + "/legacy");
  auto result = Curl(dir_.path(), form);
  EXPECT_EQ(result.status, 308);
  EXPECT_THAT(result.headers, HasSubstr("Location: " + Url()));
  EXPECT_THAT(Title(result.body), HasSubstr("expected upload URL is /legacy/"));
}

TEST_F(UploadApi, WithoutActionAnswers200AndStoresNothing) {
  auto form = With(UploadFormArgs(Wheel(), "widgets", "1.0.0"), ":action", "");
  auto result = Upload(form);
  EXPECT_EQ(result.status, 200);
  EXPECT_THAT(result.body, HasSubstr("API endpoint"));
  EXPECT_TRUE(server_.index().Dump()["projects"].empty());
}

TEST_F(UploadApi, TakesActionFromTheQueryString) {
  auto form = With(UploadFormArgs(Wheel(), "widgets", "1.0.0"), ":action", "");
  std::vector<std::string> args = {"-u", absl::StrCat("__token__:", kToken)};
  args.insert(args.end(), form.begin(), form.end());
  args.push_back(Url() + "?:action=file_upload");
  EXPECT_EQ(Curl(dir_.path(), args).status, 200);
  EXPECT_EQ(server_.index().Dump()["projects"].size(), 1u);
}

TEST_F(UploadApi, RefusesFormErrorsWithWarehouseTexts) {
  auto wheel = Wheel();
  auto form = UploadFormArgs(wheel, "widgets", "1.0.0");
  struct Case {
    char const* name;
    std::vector<std::string> form;
    std::string title;
  } cases[] = {
      {"unknown protocol", With(form, "protocol_version", "2"), "400 Unknown protocol version."},
      {"missing name", With(form, "name", ""),
       "400 '' is an invalid value for Name. Error: This field is required. See "
       "https://packaging.python.org/specifications/core-metadata for more information."},
      {"bad filetype", With(form, "filetype", "bdist_egg"),
       "400 Invalid value for filetype. Error: Use a known file type."},
      {"bad sha256", With(form, "sha256_digest", "abc"),
       "400 Invalid value for sha256_digest. Error: Use a valid, hex-encoded, SHA256 message "
       "digest."},
      {"no digest", With(form, "sha256_digest", ""),
       "400 Error: Include at least one message digest."},
      {"local version", With(form, "version", "1.0.0+local"),
       "400 The use of local versions in '1.0.0+local' is not allowed. See "
       "https://packaging.python.org/en/latest/specifications/version-specifiers/"
       "#local-version-identifiers for more information."},
      {"invalid version", With(form, "version", "dog"),
       "400 'dog' is invalid for 'version'. See "
       "https://packaging.python.org/specifications/core-metadata for more information."},
      {"version mismatch", With(form, "version", "6.6.6"),
       "400 Version in filename should be '6.6.6' not '1.0.0'."},
      {"digest mismatch", With(form, "sha256_digest", std::string(64, 'a')),
       "400 The digest supplied does not match a digest calculated from the uploaded file."},
  };
  for (auto const& c : cases) {
    SCOPED_TRACE(c.name);
    auto result = Upload(c.form);
    EXPECT_EQ(result.status, 400);
    EXPECT_EQ(Title(result.body), c.title);
  }
  EXPECT_TRUE(server_.index().Dump()["projects"].empty());
}

TEST_F(UploadApi, RefusesWheelNameErrorsWithWarehouseTexts) {
  stablecut::testing::TempDir other;
  struct Case {
    char const* name;
    std::string filename;
    std::string title;
  } cases[] = {
      {"linux_x86_64", "widgets-1.0.0-py3-none-linux_x86_64.whl",
       "400 Binary wheel 'widgets-1.0.0-py3-none-linux_x86_64.whl' has an unsupported "
       "platform tag 'linux_x86_64'."},
      {"prefix not normalized", "Widgets-1.0.0-py3-none-any.whl",
       "400 Filename 'Widgets-1.0.0-py3-none-any.whl' should contain the normalized project "
       "name 'widgets', not 'Widgets'."},
      {"other project", "gadgets-1.0.0-py3-none-any.whl",
       "400 Start filename for 'widgets' with 'widgets'."},
      {"wrong parts", "widgets-1.0.0.whl",
       "400 Invalid wheel filename (wrong number of parts): 'widgets-1.0.0'"},
  };
  auto wheel = Wheel();
  for (auto const& c : cases) {
    SCOPED_TRACE(c.name);
    auto form = UploadFormArgs(wheel, "widgets", "1.0.0");
    form.back() += ";filename=" + c.filename;
    auto result = Upload(form);
    EXPECT_EQ(result.status, 400);
    EXPECT_EQ(Title(result.body), c.title);
  }
}

TEST_F(UploadApi, RefusesAWheelWithoutMetadata) {
  auto wheel = stablecut::testing::WriteTestWheel(dir_.path(), "widgets", "1.0.0", "",
                                                  /*include_metadata=*/false);
  auto result = Upload(UploadFormArgs(wheel, "widgets", "1.0.0"));
  EXPECT_EQ(result.status, 400);
  EXPECT_EQ(Title(result.body),
            "400 Wheel 'widgets-1.0.0-py3-none-any.whl' does not contain the required METADATA "
            "file: widgets-1.0.0.dist-info/METADATA");
}

TEST_F(UploadApi, RefusesANewFileWithAnExistingNameNamingItsBlake2) {
  auto wheel = Wheel();
  ASSERT_EQ(Upload(UploadFormArgs(wheel, "widgets", "1.0.0")).status, 200);
  stablecut::testing::TempDir other;
  auto changed = stablecut::testing::WriteTestWheel(
      other.path(), "widgets", "1.0.0",
      "Metadata-Version: 2.1\nName: widgets\nVersion: 1.0.0\nSummary: changed\n");
  auto result = Upload(UploadFormArgs(changed, "widgets", "1.0.0"));
  EXPECT_EQ(result.status, 400);
  EXPECT_THAT(Title(result.body),
              StartsWith("400 File already exists ('widgets-1.0.0-py3-none-any.whl', with "
                         "blake2_256 hash '"));
  EXPECT_THAT(Title(result.body),
              HasSubstr("'). See https://pypi.org/help/#file-name-reuse for more information."));
}

// A re-upload whose form names a stored file and gives its digests is hashed without being
// written to disk; the answers are the same as when it was spooled.
TEST_F(UploadApi, ReuploadClaimingAStoredFilesDigestsIsCheckedAgainstItsBytes) {
  auto wheel = Wheel();
  ASSERT_EQ(Upload(UploadFormArgs(wheel, "widgets", "1.0.0")).status, 200);
  // The same bytes: 200, nothing new stored.
  EXPECT_EQ(Upload(UploadFormArgs(wheel, "widgets", "1.0.0")).status, 200);
  // Other bytes under the stored file's name and sha256: the digest does not match.
  stablecut::testing::TempDir other;
  auto changed = stablecut::testing::WriteTestWheel(
      other.path(), "widgets", "1.0.0",
      "Metadata-Version: 2.1\nName: widgets\nVersion: 1.0.0\nSummary: changed\n");
  auto result = Upload(With(UploadFormArgs(changed, "widgets", "1.0.0"), "sha256_digest",
                            Sha256OfFile(wheel)));
  EXPECT_EQ(result.status, 400);
  EXPECT_THAT(Title(result.body), HasSubstr("The digest supplied does not match a digest "
                                            "calculated from the uploaded file."));
  auto dump = server_.index().Dump();
  ASSERT_EQ(dump["uploads"].size(), 3u);
  EXPECT_EQ(dump["projects"].size(), 1u) << dump.dump();
}

TEST_F(UploadApi, RefusesNewFilesForReleasesOlderThan14Days) {
  ASSERT_EQ(Upload(UploadFormArgs(Wheel(), "widgets", "1.0.0")).status, 200);
  server_.AdvanceClock(absl::Hours(24 * 15));
  auto other = stablecut::testing::WriteTestWheel(dir_.path(), "widgets", "1.0");
  auto result = Upload(UploadFormArgs(other, "widgets", "1.0"));
  EXPECT_EQ(result.status, 400);
  EXPECT_EQ(Title(result.body),
            "400 Uploading new files to releases older than 14 days is not allowed.");
}

TEST_F(UploadApi, RefusesFilesOver100MiBWith400) {
  // A zero-filled part: the size check comes before any archive check.
  std::string big = dir_.path() + "/widgets-1.0.0-py3-none-any.whl";
  {
    std::FILE* out = std::fopen(big.c_str(), "wb");
    ASSERT_NE(out, nullptr);
    std::string chunk(1 << 20, '\0');
    for (int i = 0; i < 101; ++i) std::fwrite(chunk.data(), 1, chunk.size(), out);
    std::fclose(out);
  }
  auto result = Upload(UploadFormArgs(big, "widgets", "1.0.0"));
  EXPECT_EQ(result.status, 400);
  EXPECT_EQ(Title(result.body),
            "400 File too large. Limit for project 'widgets' is 100 MB. See "
            "https://docs.pypi.org/project-management/storage-limits"
            "#requesting-a-file-size-limit-increase for more information.");
}

// A project's total size limit, lowered so that two small wheels fill it.
class UploadApiProjectLimit : public ::testing::Test {
 protected:
  UploadApiProjectLimit()
      : first_(stablecut::testing::WriteTestWheel(dir_.path(), "widgets", "1.0.0")),
        second_(stablecut::testing::WriteTestWheel(dir_.path(), "widgets", "1.1.0")) {}
  static std::uint64_t Size(std::string const& path) {
    std::FILE* in = std::fopen(path.c_str(), "rb");
    if (in == nullptr) return 0;
    std::fseek(in, 0, SEEK_END);
    auto size = static_cast<std::uint64_t>(std::ftell(in));
    std::fclose(in);
    return size;
  }
  // A sandbox PyPI whose projects may hold `max_project_size` bytes in all.
  std::unique_ptr<PypiTestServer> Serve(std::uint64_t max_project_size) {
    pypi::UploadLimits limits;
    limits.max_project_size = max_project_size;
    return std::make_unique<PypiTestServer>(dir_.path() + "/state", limits);
  }
  CurlResult Upload(PypiTestServer const& server, std::string const& wheel,
                    std::string const& version) {
    std::vector<std::string> args = {"-u", absl::StrCat("__token__:", kToken)};
    auto form = UploadFormArgs(wheel, "widgets", version);
    args.insert(args.end(), form.begin(), form.end());
    args.push_back(server.base_url() + "/legacy/");
    return Curl(dir_.path(), args);
  }
  static std::string Title(std::string const& body) {
    auto start = body.find("<title>");
    auto end = body.find("</title>");
    if (start == std::string::npos || end == std::string::npos) return "";
    return body.substr(start + 7, end - start - 7);
  }

  stablecut::testing::TempDir dir_;
  std::string first_;
  std::string second_;
};

TEST_F(UploadApiProjectLimit, RefusesTheUploadThatWouldTakeTheProjectOverItsLimit) {
  auto server = Serve(Size(first_) + Size(second_) - 1);
  ASSERT_EQ(Upload(*server, first_, "1.0.0").status, 200);
  auto result = Upload(*server, second_, "1.1.0");
  EXPECT_EQ(result.status, 400);
  // Warehouse's text; its whole gigabytes round a limit this small down to 0.
  EXPECT_EQ(Title(result.body),
            "400 Project size too large. Limit for project 'widgets' total size is 0 GB. See "
            "https://docs.pypi.org/project-management/storage-limits"
            "#requesting-a-project-size-limit-increase for more information.");
  // Nothing of the refused upload is kept: the project holds its first file alone, and the
  // spool directory is empty.
  auto dump = server->index().Dump();
  ASSERT_EQ(dump["projects"]["widgets"]["releases"].size(), 1u);
  EXPECT_EQ(dump["projects"]["widgets"]["releases"][0]["files"].size(), 1u);
  EXPECT_EQ(dump["uploads"].back()["status"], 400);
  auto listing = Curl(dir_.path(), {server->base_url() + "/pypi/widgets/1.1.0/json"});
  EXPECT_EQ(listing.status, 404);
  std::error_code error;
  EXPECT_TRUE(std::filesystem::is_empty(dir_.path() + "/state/pypi/tmp", error)) << error;
  // Warehouse checks the size while the file streams in, before its duplicate check: a
  // byte-identical re-upload is refused too once it would not fit.
  EXPECT_EQ(Upload(*server, first_, "1.0.0").status, 400);
}

TEST_F(UploadApiProjectLimit, AcceptsAnUploadThatFillsTheProjectExactly) {
  auto server = Serve(Size(first_) + Size(second_));
  ASSERT_EQ(Upload(*server, first_, "1.0.0").status, 200);
  auto result = Upload(*server, second_, "1.1.0");
  EXPECT_EQ(result.status, 200) << Title(result.body);
  EXPECT_EQ(server->index().Dump()["projects"]["widgets"]["releases"].size(), 2u);
}

TEST_F(UploadApiProjectLimit, DefaultsArePypis100MiBAFileAnd10GiBAProject) {
  pypi::UploadLimits defaults;
  EXPECT_EQ(defaults.max_project_size, 10ULL << 30);
  EXPECT_EQ(defaults.max_file_size, 100ULL << 20);
}

TEST_F(UploadApi, KeepsStateAcrossRestarts) {
  ASSERT_EQ(Upload(UploadFormArgs(Wheel(), "widgets", "1.0.0")).status, 200);
  PypiIndex reloaded(dir_.path() + "/state", [] { return absl::Now(); }, kToken);
  auto dump = reloaded.Dump();
  ASSERT_EQ(dump["projects"].count("widgets"), 1u);
  EXPECT_EQ(dump["projects"]["widgets"]["releases"][0]["files"][0]["filename"],
            "widgets-1.0.0-py3-none-any.whl");
}

}  // namespace
}  // namespace stablecut::sandbox::testing
