// Wheel and sdist filenames: parsing them safely, PEP 503 names, matching a release.
#include "lib/wheel/wheel_filename.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "lib/wheel/version.h"

namespace stablecut::wheel {
namespace {

absl::Status Invalid(absl::string_view kind, absl::string_view filename, absl::string_view reason) {
  // Escaped and cut, so that a hostile name cannot forge log lines or flood them.
  return absl::InvalidArgumentError(
      absl::StrCat("invalid ", kind, " filename \"",
                   absl::CHexEscape(filename.substr(0, kMaxFilenameLength + 1)), "\": ", reason));
}

// The rules every distribution filename obeys before it is split into parts.
absl::Status CheckSafe(absl::string_view kind, absl::string_view filename) {
  if (filename.empty()) return Invalid(kind, filename, "it is empty");
  if (filename.size() > kMaxFilenameLength) {
    return Invalid(kind, filename,
                   absl::StrCat("it is longer than ", kMaxFilenameLength, " characters"));
  }
  for (char c : filename) {
    auto byte = static_cast<unsigned char>(c);
    if (byte < 32 || byte == 127) return Invalid(kind, filename, "it contains a control character");
    if (c == '/' || c == '\\') return Invalid(kind, filename, "it contains a path separator");
  }
  if (absl::StrContains(filename, "..")) return Invalid(kind, filename, "it contains \"..\"");
  return absl::OkStatus();
}

bool IsNameChar(char c) {
  return absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.';
}

// A distribution name as escaped into filenames: letters, digits, "_" and ".",
// starting and ending with a letter or digit.
bool IsDistribution(absl::string_view name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), IsNameChar) &&
         absl::ascii_isalnum(static_cast<unsigned char>(name.front())) &&
         absl::ascii_isalnum(static_cast<unsigned char>(name.back()));
}

// Splits a compressed tag set ("py2.py3"); empty when any tag is empty or malformed.
std::vector<std::string> SplitTags(absl::string_view tag_set) {
  std::vector<std::string> tags = absl::StrSplit(tag_set, '.');
  for (auto const& tag : tags) {
    bool ok = !tag.empty() && std::all_of(tag.begin(), tag.end(), [](char c) {
      return absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '_';
    });
    if (!ok) return {};
  }
  return tags;
}

// Checks the distribution and version parts shared by wheels and sdists.
absl::Status CheckNameAndVersion(absl::string_view kind, absl::string_view filename,
                                 absl::string_view distribution, absl::string_view version) {
  if (!IsDistribution(distribution)) {
    return Invalid(kind, filename,
                   absl::StrCat("distribution \"", absl::CHexEscape(distribution),
                                "\" may hold only letters, digits, \"_\" and \".\", and "
                                "must start and end with a letter or digit"));
  }
  if (!NormalizeVersion(version).ok()) {
    return Invalid(
        kind, filename,
        absl::StrCat("version \"", absl::CHexEscape(version), "\" is not a PEP 440 version"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<WheelFilename> ParseWheelFilename(absl::string_view filename) {
  constexpr absl::string_view kKind = "wheel";
  if (auto safe = CheckSafe(kKind, filename); !safe.ok()) return safe;
  absl::string_view stem = filename;
  if (!absl::ConsumeSuffix(&stem, ".whl")) {
    return Invalid(kKind, filename, "it does not end in \".whl\"");
  }
  std::vector<absl::string_view> parts = absl::StrSplit(stem, '-');
  if (parts.size() != 5 && parts.size() != 6) {
    return Invalid(kKind, filename,
                   absl::StrCat("it has ", parts.size(),
                                " dash-separated parts, not 5 or 6 "
                                "(name-version[-build]-python-abi-platform.whl)"));
  }
  if (std::any_of(parts.begin(), parts.end(), [](auto p) { return p.empty(); })) {
    return Invalid(kKind, filename, "it has an empty part");
  }
  WheelFilename wheel;
  wheel.distribution = std::string(parts[0]);
  wheel.version = std::string(parts[1]);
  if (auto status = CheckNameAndVersion(kKind, filename, parts[0], parts[1]); !status.ok()) {
    return status;
  }
  size_t tags = 2;
  if (parts.size() == 6) {
    absl::string_view build = parts[2];
    if (!absl::ascii_isdigit(static_cast<unsigned char>(build.front())) ||
        !std::all_of(build.begin(), build.end(), IsNameChar)) {
      return Invalid(
          kKind, filename,
          absl::StrCat(
              "build tag \"", absl::CHexEscape(build),
              "\" must start with a digit and hold only letters, digits, \"_\" and \".\""));
    }
    wheel.build_tag = std::string(build);
    tags = 3;
  }
  char const* const kTagNames[] = {"python", "abi", "platform"};
  std::vector<std::string>* const kTagSets[] = {&wheel.python_tags, &wheel.abi_tags,
                                                &wheel.platform_tags};
  for (size_t i = 0; i < 3; ++i) {
    *kTagSets[i] = SplitTags(parts[tags + i]);
    if (kTagSets[i]->empty()) {
      return Invalid(kKind, filename,
                     absl::StrCat(kTagNames[i], " tag \"", absl::CHexEscape(parts[tags + i]),
                                  "\" is not \".\"-separated letters, digits and \"_\""));
    }
  }
  return wheel;
}

absl::StatusOr<SdistFilename> ParseSdistFilename(absl::string_view filename) {
  constexpr absl::string_view kKind = "sdist";
  if (auto safe = CheckSafe(kKind, filename); !safe.ok()) return safe;
  absl::string_view stem = filename;
  if (!absl::ConsumeSuffix(&stem, ".tar.gz")) {
    return Invalid(kKind, filename, "it does not end in \".tar.gz\"");
  }
  size_t dash = stem.rfind('-');
  if (dash == absl::string_view::npos) {
    return Invalid(kKind, filename, "it is not name-version.tar.gz");
  }
  absl::string_view distribution = stem.substr(0, dash);
  absl::string_view version = stem.substr(dash + 1);
  if (distribution.empty() || version.empty()) {
    return Invalid(kKind, filename, "it has an empty part");
  }
  // Older sdists keep "-" in the name ("my-project-1.0.tar.gz"); it is allowed here.
  std::string escaped = absl::StrReplaceAll(distribution, {{"-", "_"}});
  if (auto status = CheckNameAndVersion(kKind, filename, escaped, version); !status.ok()) {
    return status;
  }
  return SdistFilename{std::string(distribution), std::string(version)};
}

std::string NormalizeProjectName(absl::string_view name) {
  std::string normalized;
  normalized.reserve(name.size());
  bool in_run = false;
  for (char c : name) {
    if (c == '-' || c == '_' || c == '.') {
      if (!in_run) normalized.push_back('-');
      in_run = true;
    } else {
      normalized.push_back(absl::ascii_tolower(static_cast<unsigned char>(c)));
      in_run = false;
    }
  }
  return normalized;
}

namespace {

// `kind` ("wheel", "sdist") names the file in the errors.
absl::Status CheckMatches(absl::string_view kind, absl::string_view distribution,
                          absl::string_view file_version, absl::string_view project_name,
                          absl::string_view version) {
  std::string file_project = NormalizeProjectName(distribution);
  std::string project = NormalizeProjectName(project_name);
  if (file_project != project) {
    return absl::InvalidArgumentError(
        absl::StrCat(kind, " of \"", absl::CHexEscape(distribution), "\" (project \"",
                     absl::CHexEscape(file_project), "\") does not belong to project \"",
                     absl::CHexEscape(project_name), "\""));
  }
  auto same = SameVersion(file_version, version);
  if (!same.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("cannot compare ", kind,
                                                   " version with release version: ",
                                                   same.status().message()));
  }
  if (!*same) {
    return absl::InvalidArgumentError(
        absl::StrCat(kind, " version \"", absl::CHexEscape(file_version),
                     "\" is not release version \"", absl::CHexEscape(version), "\""));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status CheckWheelMatches(WheelFilename const& wheel, absl::string_view project_name,
                               absl::string_view version) {
  return CheckMatches("wheel", wheel.distribution, wheel.version, project_name, version);
}

absl::Status CheckSdistMatches(SdistFilename const& sdist, absl::string_view project_name,
                               absl::string_view version) {
  return CheckMatches("sdist", sdist.distribution, sdist.version, project_name, version);
}

}  // namespace stablecut::wheel
