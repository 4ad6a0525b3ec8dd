// Fuzzes loading a text-format config file (protobuf's TextFormat parser and our error
// collector and location tree) into the candidate service's schema. The input is written
// to a temporary file, since ConfigFile::Load reads a path.

#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "fuzz/fuzz_check.h"
#include "lib/config/config_file.h"
#include "stablecut/v1/config.pb.h"

namespace {

// One file per process, removed at exit.
class TempConfigPath {
 public:
  TempConfigPath()
      : path_((std::filesystem::temp_directory_path() /
               absl::StrCat("stablecut_config_fuzzer.", getpid(), ".textproto"))
                  .string()) {}
  ~TempConfigPath() { std::remove(path_.c_str()); }
  std::string const& path() const { return path_; }

 private:
  std::string path_;
};

bool WriteFile(std::string const& path, uint8_t const* data, size_t size) {
  std::FILE* file = std::fopen(path.c_str(), "wb");
  if (file == nullptr) return false;
  bool written = std::fwrite(data, 1, size, file) == size;
  return std::fclose(file) == 0 && written;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(uint8_t const* data, size_t size) {
  static TempConfigPath const temp;
  FUZZ_CHECK(WriteFile(temp.path(), data, size));

  stablecut::v1::CandidateServiceConfig config;
  auto file = stablecut::config::ConfigFile::Load(temp.path(), config);
  if (!file.ok()) {
    FUZZ_CHECK(file.status().code() == absl::StatusCode::kInvalidArgument);
    return 0;
  }
  // Every field path, written or not, well-formed or not, gives an INVALID_ARGUMENT error.
  for (char const* field_path :
       {"server.listen", "server.acl[1].method", "server.acl[99].identities", "server.tls.ca_file",
        "github.api_base_url", "github", "no_such_field.x", "server.acl[-1]", "server.acl[x]",
        "", "."}) {
    absl::Status error = file->FieldError(field_path, "fuzz");
    FUZZ_CHECK(error.code() == absl::StatusCode::kInvalidArgument);
  }
  return 0;
}
