// Demo wheel generation.
#include "tools/sandbox/wheel_writer.h"

#include <zip.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <utility>
#include <vector>

#include <openssl/sha.h>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"

namespace stablecut::sandbox {
namespace {

constexpr time_t kFixedMtime = 1704067200;  // 2024-01-01: reproducible archives

std::string Sha256(std::string const& data) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<unsigned char const*>(data.data()), data.size(), digest);
  return std::string(reinterpret_cast<char const*>(digest), SHA256_DIGEST_LENGTH);
}

// RECORD hashes: urlsafe base64 without padding (wheel spec, "The RECORD file").
std::string RecordHash(std::string const& data) {
  std::string encoded;
  absl::WebSafeBase64Escape(Sha256(data), &encoded);
  return "sha256=" + encoded;
}

}  // namespace

absl::StatusOr<WrittenWheel> WriteWheel(std::string const& path, std::string const& distribution,
                                        std::string const& version) {
  // File names use the distribution with runs of -_. as "_" (binary distribution format).
  std::string escaped =
      absl::StrReplaceAll(absl::AsciiStrToLower(distribution), {{"-", "_"}, {".", "_"}});
  std::string dist_info = absl::StrCat(escaped, "-", version, ".dist-info");
  std::vector<std::pair<std::string, std::string>> files = {
      {escaped + "/__init__.py",
       absl::StrCat("\"\"\"", distribution, ": a demo package of the Stablecut sandbox.\"\"\"\n",
                    "__version__ = \"", version, "\"\n")},
      {dist_info + "/METADATA",
       absl::StrCat("Metadata-Version: 2.1\nName: ", distribution, "\nVersion: ", version,
                    "\nSummary: Demo package served by stablecut-sandbox\n"
                    "License: Apache-2.0\nRequires-Python: >=3.8\n")},
      {dist_info + "/WHEEL",
       "Wheel-Version: 1.0\nGenerator: stablecut-sandbox\nRoot-Is-Purelib: true\n"
       "Tag: py3-none-any\n"},
  };
  std::string record;
  for (auto const& [name, contents] : files) {
    absl::StrAppend(&record, name, ",", RecordHash(contents), ",", contents.size(), "\n");
  }
  absl::StrAppend(&record, dist_info, "/RECORD,,\n");
  files.emplace_back(dist_info + "/RECORD", record);

  std::remove(path.c_str());
  int error = 0;
  zip_t* archive = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
  if (archive == nullptr) {
    return absl::FailedPreconditionError(absl::StrCat("cannot create wheel ", path));
  }
  for (auto const& [name, contents] : files) {
    zip_source_t* source = zip_source_buffer(archive, contents.data(), contents.size(), 0);
    zip_int64_t index =
        source == nullptr ? -1 : zip_file_add(archive, name.c_str(), source, ZIP_FL_ENC_UTF_8);
    if (index < 0) {
      if (source != nullptr) zip_source_free(source);
      zip_discard(archive);
      return absl::InternalError(absl::StrCat("libzip cannot add ", name, " to ", path));
    }
    zip_file_set_mtime(archive, static_cast<zip_uint64_t>(index), kFixedMtime, 0);
  }
  // zip_close writes the archive; the buffers above must live until then.
  if (zip_close(archive) != 0) {
    zip_discard(archive);
    return absl::DataLossError(absl::StrCat("cannot write wheel ", path));
  }
  std::ifstream in(path, std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  WrittenWheel wheel;
  wheel.file_name = absl::StrCat(escaped, "-", version, "-py3-none-any.whl");
  wheel.size = static_cast<int64_t>(bytes.str().size());
  wheel.sha256 = absl::BytesToHexString(Sha256(bytes.str()));
  return wheel;
}

}  // namespace stablecut::sandbox
