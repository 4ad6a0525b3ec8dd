// Builds small, valid wheels (libzip) and sdists (libarchive) for tests.
#include "tests/testing/wheel_builder.h"

#include <archive.h>
#include <archive_entry.h>
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <zip.h>

#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"

namespace stablecut::testing {
namespace {

// 2020-01-01T00:00:00Z: a fixed timestamp keeps the wheel's bytes reproducible.
constexpr time_t kMemberTime = 1577836800;

// RECORD's hash: "sha256=" and the urlsafe base64 digest without padding.
std::string RecordHash(std::string const& contents) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(contents.data(), contents.size(), digest, &length, EVP_sha256(), nullptr);
  return absl::StrCat("sha256=", absl::WebSafeBase64Escape(absl::string_view(
                                     reinterpret_cast<char const*>(digest), length)));
}

std::string DefaultMetadata(std::string const& distribution, std::string const& version) {
  return absl::StrCat("Metadata-Version: 2.1\nName: ", distribution, "\nVersion: ", version,
                      "\nSummary: A distribution built by Stablecut's tests\n"
                      "Requires-Python: >=3.8\n");
}

}  // namespace

std::string WriteTestZip(std::string const& path,
                         std::vector<std::pair<std::string, std::string>> const& members) {
  int error = 0;
  zip_t* archive = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
  if (archive == nullptr) {
    ADD_FAILURE() << "WriteTestZip: cannot create " << path << " (libzip error " << error << ")";
    return "";
  }
  for (auto const& [name, contents] : members) {
    // The buffers belong to the caller and outlive zip_close(), which reads them.
    zip_source_t* source =
        zip_source_buffer(archive, contents.data(), contents.size(), /*freep=*/0);
    zip_int64_t index =
        source == nullptr ? -1 : zip_file_add(archive, name.c_str(), source, ZIP_FL_ENC_UTF_8);
    if (index < 0) {
      if (source != nullptr) zip_source_free(source);
      ADD_FAILURE() << "WriteTestZip: cannot add " << name << ": " << zip_strerror(archive);
      zip_discard(archive);
      return "";
    }
    zip_set_file_compression(archive, static_cast<zip_uint64_t>(index), ZIP_CM_DEFLATE, 0);
    zip_file_set_mtime(archive, static_cast<zip_uint64_t>(index), kMemberTime, 0);
  }
  if (zip_close(archive) != 0) {
    ADD_FAILURE() << "WriteTestZip: cannot write " << path << ": " << zip_strerror(archive);
    zip_discard(archive);
    return "";
  }
  return path;
}

std::string WriteTestWheel(std::string const& dir, std::string const& distribution,
                           std::string const& version, std::string const& metadata_text,
                           bool include_metadata) {
  std::string const path = absl::StrCat(dir, "/", distribution, "-", version, "-py3-none-any.whl");
  std::string const dist_info = absl::StrCat(distribution, "-", version, ".dist-info/");
  std::string const package = absl::AsciiStrToLower(distribution);

  std::vector<std::pair<std::string, std::string>> members = {
      {absl::StrCat(package, "/__init__.py"),
       absl::StrCat("\"\"\"Test package.\"\"\"\n__version__ = \"", version, "\"\n")},
      {absl::StrCat(dist_info, "WHEEL"),
       "Wheel-Version: 1.0\nGenerator: stablecut-tests\nRoot-Is-Purelib: true\n"
       "Tag: py3-none-any\n"},
  };
  if (include_metadata) {
    members.emplace_back(
        absl::StrCat(dist_info, "METADATA"),
        metadata_text.empty() ? DefaultMetadata(distribution, version) : metadata_text);
  }
  std::string record;
  for (auto const& [name, contents] : members) {
    absl::StrAppend(&record, name, ",", RecordHash(contents), ",", contents.size(), "\n");
  }
  absl::StrAppend(&record, dist_info, "RECORD,,\n");
  members.emplace_back(absl::StrCat(dist_info, "RECORD"), std::move(record));

  return WriteTestZip(path, members);
}

std::string WriteTestTarGz(std::string const& path,
                           std::vector<std::pair<std::string, std::string>> const& members) {
  struct archive* archive = archive_write_new();
  auto fail = [&](std::string const& doing) {
    ADD_FAILURE() << "WriteTestTarGz: " << doing << " " << path << ": "
                  << (archive_error_string(archive) ? archive_error_string(archive) : "?");
    archive_write_free(archive);
    return std::string();
  };
  if (archive_write_add_filter_gzip(archive) != ARCHIVE_OK ||
      archive_write_set_format_pax_restricted(archive) != ARCHIVE_OK ||
      archive_write_open_filename(archive, path.c_str()) != ARCHIVE_OK) {
    return fail("cannot create");
  }
  for (auto const& [name, contents] : members) {
    struct archive_entry* entry = archive_entry_new();
    archive_entry_set_pathname(entry, name.c_str());
    archive_entry_set_size(entry, static_cast<la_int64_t>(contents.size()));
    archive_entry_set_filetype(entry, AE_IFREG);
    archive_entry_set_perm(entry, 0644);
    archive_entry_set_mtime(entry, kMemberTime, 0);
    bool written = archive_write_header(archive, entry) == ARCHIVE_OK &&
                   archive_write_data(archive, contents.data(), contents.size()) ==
                       static_cast<la_ssize_t>(contents.size());
    archive_entry_free(entry);
    if (!written) return fail(absl::StrCat("cannot add ", name, " to"));
  }
  if (archive_write_close(archive) != ARCHIVE_OK) return fail("cannot write");
  archive_write_free(archive);
  return path;
}

std::string WriteTestSdist(std::string const& dir, std::string const& distribution,
                           std::string const& version, std::string const& metadata_text) {
  std::string const stem = absl::StrCat(distribution, "-", version);
  std::string const package = absl::AsciiStrToLower(distribution);
  return WriteTestTarGz(
      absl::StrCat(dir, "/", stem, ".tar.gz"),
      {{absl::StrCat(stem, "/PKG-INFO"),
        metadata_text.empty() ? DefaultMetadata(distribution, version) : metadata_text},
       {absl::StrCat(stem, "/pyproject.toml"),
        absl::StrCat("[project]\nname = \"", distribution, "\"\nversion = \"", version, "\"\n")},
       {absl::StrCat(stem, "/src/", package, "/__init__.py"),
        absl::StrCat("__version__ = \"", version, "\"\n")}});
}

}  // namespace stablecut::testing
