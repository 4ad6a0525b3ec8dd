#include "bench/bench_wheels.h"

#include <openssl/evp.h>
#include <sodium.h>
#include <zip.h>

#include <cstring>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "tests/testing/temp_dir.h"

namespace stablecut::bench {
namespace {

std::string Hex(unsigned char const* bytes, std::size_t size) {
  return absl::BytesToHexString(absl::string_view(reinterpret_cast<char const*>(bytes), size));
}

std::string EvpHex(EVP_MD const* md, std::string const& data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(data.data(), data.size(), digest, &length, md, nullptr);
  return Hex(digest, length);
}

}  // namespace

std::string Noise(std::size_t size, std::uint64_t seed) {
  std::string bytes(size, '\0');
  std::uint64_t x = seed * 0x9E3779B97F4A7C15ULL + 1;
  for (std::size_t i = 0; i + 8 <= size; i += 8) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    std::memcpy(&bytes[i], &x, 8);
  }
  return bytes;
}

std::string Md5Hex(std::string const& data) { return EvpHex(EVP_md5(), data); }
std::string Sha256Hex(std::string const& data) { return EvpHex(EVP_sha256(), data); }

std::string Blake2b256Hex(std::string const& data) {
  unsigned char digest[32];
  crypto_generichash(digest, sizeof digest, reinterpret_cast<unsigned char const*>(data.data()),
                     data.size(), nullptr, 0);
  return Hex(digest, sizeof digest);
}

std::string WriteWheel(std::string const& path, std::string const& distribution,
                       std::string const& version, std::string const& tag,
                       std::size_t payload_size, std::uint64_t seed) {
  std::string const info = absl::StrCat(distribution, "-", version, ".dist-info/");
  std::vector<std::pair<std::string, std::string>> members = {
      {distribution + "/payload.bin", Noise(payload_size, seed)},
      {distribution + "/__init__.py", ""},
      {info + "WHEEL", absl::StrCat("Wheel-Version: 1.0\nGenerator: bench\nRoot-Is-Purelib: "
                                    "true\nTag: ", tag, "\n")},
      {info + "METADATA", absl::StrCat("Metadata-Version: 2.1\nName: ",
                                       absl::StrReplaceAll(distribution, {{"_", "-"}}),
                                       "\nVersion: ", version, "\nSummary: benchmark wheel\n")},
      {info + "RECORD", ""}};
  int error = 0;
  zip_t* archive = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
  if (archive == nullptr) return "";
  for (auto const& [name, contents] : members) {
    zip_source_t* source = zip_source_buffer(archive, contents.data(), contents.size(), 0);
    zip_int64_t index = zip_file_add(archive, name.c_str(), source, ZIP_FL_ENC_UTF_8);
    if (index < 0) {
      zip_discard(archive);
      return "";
    }
    zip_set_file_compression(archive, static_cast<zip_uint64_t>(index), ZIP_CM_STORE, 0);
  }
  if (zip_close(archive) != 0) return "";
  return testing::ReadFileOrEmpty(path);
}

std::vector<std::pair<std::string, std::string>> TwineFields(std::string const& name,
                                                             std::string const& version,
                                                             std::string const& bytes) {
  return {{"metadata_version", "2.1"},
          {"name", name},
          {"version", version},
          {"pyversion", "py3"},
          {"filetype", "bdist_wheel"},
          {"md5_digest", Md5Hex(bytes)},
          {"sha256_digest", Sha256Hex(bytes)},
          {"blake2_256_digest", Blake2b256Hex(bytes)},
          {":action", "file_upload"},
          {"protocol_version", "1"}};
}

}  // namespace stablecut::bench
