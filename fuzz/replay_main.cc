// Replays saved fuzz inputs through a target without libFuzzer: the ordinary test suite
// runs every seed and every crash ever found, in any build (gcc or clang).
//
// Usage: <target>_replay DIR...   Runs LLVMFuzzerTestOneInput on each regular file of each
// DIR (sorted by name; names starting with "." are skipped). A missing directory is an
// error; so is replaying nothing at all. A crash is the failure the test reports.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <system_error>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(uint8_t const* data, size_t size);

namespace {

namespace fs = std::filesystem;

bool ReadFile(fs::path const& path, std::string& contents) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  contents.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  return !in.bad();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s DIR...\n", argv[0]);
    return 2;
  }
  std::size_t total = 0;
  for (int i = 1; i < argc; ++i) {
    fs::path const dir = argv[i];
    std::error_code error;
    if (!fs::is_directory(dir, error)) {
      std::fprintf(stderr, "%s: not a directory\n", dir.c_str());
      return 1;
    }
    std::vector<fs::path> files;
    for (auto const& entry : fs::directory_iterator(dir, error)) {
      if (entry.is_regular_file() && entry.path().filename().string()[0] != '.') {
        files.push_back(entry.path());
      }
    }
    if (error) {
      std::fprintf(stderr, "%s: %s\n", dir.c_str(), error.message().c_str());
      return 1;
    }
    std::sort(files.begin(), files.end());
    for (auto const& file : files) {
      std::string input;
      if (!ReadFile(file, input)) {
        std::fprintf(stderr, "%s: cannot read\n", file.c_str());
        return 1;
      }
      // Printed first, so that the test log names the input that crashed.
      std::fprintf(stderr, "replaying %s (%zu bytes)\n", file.c_str(), input.size());
      LLVMFuzzerTestOneInput(reinterpret_cast<uint8_t const*>(input.data()), input.size());
    }
    std::fprintf(stderr, "%s: %zu inputs replayed\n", dir.c_str(), files.size());
    total += files.size();
  }
  if (total == 0) {
    std::fprintf(stderr, "no inputs found: the corpus is missing\n");
    return 1;
  }
  return 0;
}
