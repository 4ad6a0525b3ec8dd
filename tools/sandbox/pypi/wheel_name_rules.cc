// Wheel filename parsing as packaging does it, and PyPI's platform tag allow-list.
#include "tools/sandbox/pypi/wheel_name_rules.h"

#include <regex>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "lib/wheel/wheel_filename.h"
#include "tools/sandbox/pypi/repr.h"

namespace stablecut::sandbox::pypi {
namespace {

absl::Status Invalid(std::string message) {
  return absl::InvalidArgumentError(std::move(message));
}

bool MatchesArch(absl::string_view tag, std::regex const& pattern, int arch_group,
                 std::set<std::string> const& arches) {
  std::string text(tag);
  std::smatch m;
  return std::regex_match(text, m, pattern) && arches.count(m[arch_group].str()) > 0;
}

}  // namespace

absl::StatusOr<ParsedWheelName> ParseWheelNameAsPackaging(absl::string_view filename) {
  if (!absl::EndsWith(filename, ".whl")) {
    return Invalid(absl::StrCat("Invalid wheel filename (extension must be '.whl'): ",
                                Repr(filename)));
  }
  absl::string_view stem = filename.substr(0, filename.size() - 4);
  std::vector<absl::string_view> parts = absl::StrSplit(stem, '-');
  if (parts.size() != 5 && parts.size() != 6) {
    return Invalid(
        absl::StrCat("Invalid wheel filename (wrong number of parts): ", Repr(stem)));
  }
  static auto const* name_pattern = new std::regex(R"(^[A-Za-z0-9_.]*$)");
  std::string name_part(parts[0]);
  if (absl::StrContains(name_part, "__") || !std::regex_match(name_part, *name_pattern)) {
    return Invalid(absl::StrCat("Invalid project name: ", Repr(stem)));
  }
  ParsedWheelName parsed;
  parsed.name_part = name_part;
  parsed.name = wheel::NormalizeProjectName(name_part);
  auto version = ParsePep440(parts[1]);
  if (!version) {
    return Invalid(
        absl::StrCat("Invalid wheel filename (invalid version): ", Repr(stem)));
  }
  parsed.version = *version;
  if (parts.size() == 6) {
    static auto const* build_pattern = new std::regex(R"(^(\d+)(.*)$)");
    std::string build(parts[2]);
    if (!std::regex_match(build, *build_pattern)) {
      return Invalid(absl::StrCat("Invalid build number: ", build, " in ", Repr(stem)));
    }
  }
  for (absl::string_view platform : absl::StrSplit(parts.back(), '.')) {
    parsed.platform_tags.push_back(absl::AsciiStrToLower(platform));
  }
  return parsed;
}

bool IsAllowedPlatformTag(absl::string_view tag) {
  static auto const* simple = new std::set<std::string>{
      "any", "win32", "win_arm64", "win_amd64", "win_ia64",
      "manylinux1_x86_64", "manylinux1_i686", "manylinux2010_x86_64", "manylinux2010_i686",
      "manylinux2014_x86_64", "manylinux2014_i686", "manylinux2014_aarch64",
      "manylinux2014_armv7l", "manylinux2014_ppc64", "manylinux2014_ppc64le",
      "manylinux2014_s390x", "linux_armv6l", "linux_armv7l"};
  if (simple->count(std::string(tag)) > 0) return true;

  static auto const* linux_arches = new std::set<std::string>{
      "x86_64", "i686", "aarch64", "armv7l", "ppc64le", "s390x", "riscv64"};
  static auto const* manylinux_arches = [] {
    auto* arches = new std::set<std::string>(*linux_arches);
    arches->insert("ppc64");
    return arches;
  }();
  static auto const* manylinux = new std::regex(R"(^manylinux_(\d+)_(\d+)_(.*)$)");
  static auto const* musllinux = new std::regex(R"(^musllinux_(\d+)_(\d+)_(.*)$)");
  if (MatchesArch(tag, *manylinux, 3, *manylinux_arches)) return true;
  if (MatchesArch(tag, *musllinux, 3, *linux_arches)) return true;

  static auto const* macosx_arches = new std::set<std::string>{
      "ppc", "ppc64", "i386", "x86_64", "arm64", "intel", "fat", "fat3", "fat32",
      "fat64", "universal", "universal2"};
  static auto const* macosx = new std::regex(R"(^macosx_(\d+)_(\d+)_(.*)$)");
  std::string text(tag);
  std::smatch m;
  if (std::regex_match(text, m, *macosx) && macosx_arches->count(m[3].str()) > 0) {
    static auto const* new_majors =
        new std::set<std::string>{"11", "12", "13", "14", "15", "26"};
    if (m[1].str() == "10") return true;
    return new_majors->count(m[1].str()) > 0 && m[2].str() == "0";
  }
  static auto const* ios =
      new std::regex(R"(^ios_(\d+)_(\d+)_(.*)_(iphoneos|iphonesimulator)$)");
  if (MatchesArch(tag, *ios, 3, {"arm64", "x86_64"})) return true;
  static auto const* android = new std::regex(R"(^android_(\d+)_(.*)$)");
  if (MatchesArch(tag, *android, 2, {"armeabi_v7a", "arm64_v8a", "x86", "x86_64"})) {
    return true;
  }
  static auto const* emscripten = new std::regex(R"(^pyemscripten_(\d+)_(\d+)_wasm32$)");
  return std::regex_match(std::string(tag), *emscripten);
}

}  // namespace stablecut::sandbox::pypi
