#include "tools/cli/config_file.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"

namespace stablecut::cli {
namespace {

// A config of six lines is a few hundred bytes; anything this large is the wrong file.
constexpr std::uintmax_t kMaxConfigBytes = 64 << 10;

absl::Status LineError(absl::string_view path, int line, absl::string_view what) {
  return absl::InvalidArgumentError(absl::StrCat(path, ":", line, ": ", what));
}


}  // namespace

absl::StatusOr<std::map<std::string, std::string>> ParseConfigFile(
    absl::string_view text, absl::string_view path,
    std::vector<std::string> const& known_keys) {
  std::map<std::string, std::string> values;
  int number = 0;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    ++number;
    line = absl::StripAsciiWhitespace(line);
    if (line.empty() || line.front() == '#') continue;
    auto equals = line.find('=');
    if (equals == absl::string_view::npos) {
      return LineError(path, number, "expected `key = value`");
    }
    std::string key(absl::StripAsciiWhitespace(line.substr(0, equals)));
    std::string value(absl::StripAsciiWhitespace(line.substr(equals + 1)));
    if (key.empty()) return LineError(path, number, "no key before `=`");
    if (std::find(known_keys.begin(), known_keys.end(), key) == known_keys.end()) {
      return LineError(path, number, absl::StrCat("unknown key \"", key, "\" (known: ",
                                                  absl::StrJoin(known_keys, ", "), ")"));
    }
    if (value.empty()) return LineError(path, number, absl::StrCat(key, ": no value"));
    if (!values.emplace(key, std::move(value)).second) {
      return LineError(path, number, absl::StrCat(key, ": given twice"));
    }
  }
  return values;
}

absl::StatusOr<std::map<std::string, std::string>> LoadConfigFile(
    std::string const& path, std::vector<std::string> const& known_keys) {
  std::error_code error;
  if (path.empty() || !std::filesystem::exists(path, error)) {
    return std::map<std::string, std::string>();
  }
  if (!std::filesystem::is_regular_file(path, error)) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": not a regular file"));
  }
  if (std::filesystem::file_size(path, error) > kMaxConfigBytes) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": too large for a config file"));
  }
  errno = 0;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return absl::InvalidArgumentError(absl::StrCat(
        path, ": cannot read (", errno != 0 ? std::strerror(errno) : "unreadable", ")"));
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return ParseConfigFile(buffer.str(), path, known_keys);
}

}  // namespace stablecut::cli
