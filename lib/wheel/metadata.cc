// Core metadata (a wheel's .dist-info/METADATA): parsing it and reading it from a wheel.
#include "lib/wheel/metadata.h"

#include <algorithm>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "lib/wheel/wheel_filename.h"
#include "lib/wheel/zip_archive.h"

namespace stablecut::wheel {
namespace {

constexpr absl::string_view kMetadataSuffix = ".dist-info/METADATA";

bool IsFieldNameChar(char c) { return c > ' ' && c < 127 && c != ':'; }

// The wheel's METADATA member: the one named by the wheel's filename when present,
// else the single top-level "*.dist-info/METADATA".
absl::StatusOr<std::string> FindMetadataMember(ZipArchive const& archive,
                                               absl::string_view wheel_filename) {
  if (auto wheel = ParseWheelFilename(wheel_filename); wheel.ok()) {
    std::string named = absl::StrCat(wheel->distribution, "-", wheel->version, kMetadataSuffix);
    if (archive.Contains(named)) return named;
  }
  std::vector<std::string> found;
  for (auto const& name : archive.MemberNames()) {
    if (absl::EndsWith(name, kMetadataSuffix) && std::count(name.begin(), name.end(), '/') == 1) {
      found.push_back(name);
    }
  }
  if (found.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat(archive.label(), " is not a wheel: it holds no *.dist-info/METADATA"));
  }
  if (found.size() > 1) {
    return absl::InvalidArgumentError(
        absl::StrCat(archive.label(), " holds ", found.size(), " *.dist-info/METADATA members (",
                     found[0], ", ", found[1], "...) and its filename names none of them"));
  }
  return found[0];
}

absl::StatusOr<Metadata> ReadFromArchive(ZipArchive const& archive,
                                         absl::string_view wheel_filename) {
  auto member = FindMetadataMember(archive, wheel_filename);
  if (!member.ok()) return member.status();
  auto text = archive.ReadMember(*member, kMaxMetadataBytes);
  if (!text.ok()) return text.status();
  auto metadata = ParseMetadata(*text);
  if (!metadata.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat(archive.label(), ": ", *member, ": ", metadata.status().message()));
  }
  return metadata;
}

}  // namespace

std::string Metadata::Get(absl::string_view name) const {
  for (auto const& [key, value] : headers) {
    if (absl::EqualsIgnoreCase(key, name)) return value;
  }
  return "";
}

std::vector<std::string> Metadata::GetAll(absl::string_view name) const {
  std::vector<std::string> values;
  for (auto const& [key, value] : headers) {
    if (absl::EqualsIgnoreCase(key, name)) values.push_back(value);
  }
  return values;
}

absl::StatusOr<Metadata> ParseMetadata(absl::string_view text) {
  Metadata metadata;
  size_t pos = 0;
  int line_number = 0;
  bool has_body = false;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == absl::string_view::npos) end = text.size();
    absl::string_view line = text.substr(pos, end - pos);
    pos = std::min(end + 1, text.size());
    ++line_number;
    absl::ConsumeSuffix(&line, "\r");
    if (line.empty()) {
      has_body = true;
      break;
    }
    if (line.front() == ' ' || line.front() == '\t') {
      if (metadata.headers.empty()) {
        return absl::InvalidArgumentError(
            absl::StrCat("METADATA line ", line_number, ": continuation line before any header"));
      }
      std::string& value = metadata.headers.back().second;
      absl::StrAppend(&value, "\n", absl::StripAsciiWhitespace(line));
      continue;
    }
    size_t colon = line.find(':');
    absl::string_view name = line.substr(0, colon);
    if (colon == absl::string_view::npos || name.empty() ||
        !std::all_of(name.begin(), name.end(), IsFieldNameChar)) {
      return absl::InvalidArgumentError(absl::StrCat("METADATA line ", line_number,
                                                     ": expected \"Name: value\", got \"",
                                                     absl::CHexEscape(line.substr(0, 80)), "\""));
    }
    metadata.headers.emplace_back(std::string(name),
                                  std::string(absl::StripAsciiWhitespace(line.substr(colon + 1))));
  }
  if (has_body) metadata.description = std::string(text.substr(pos));
  if (metadata.description.empty()) metadata.description = metadata.Get("Description");
  return metadata;
}

absl::StatusOr<Metadata> ReadWheelMetadata(std::string const& wheel_path) {
  auto archive = ZipArchive::OpenFile(wheel_path);
  if (!archive.ok()) return archive.status();
  size_t slash = wheel_path.find_last_of('/');
  absl::string_view basename = wheel_path;
  if (slash != std::string::npos) basename.remove_prefix(slash + 1);
  return ReadFromArchive(*archive, basename);
}

absl::StatusOr<Metadata> ReadWheelMetadataFromSource(http::RandomAccessSource& source,
                                                     std::string const& filename) {
  auto archive = ZipArchive::OpenSource(source, filename);
  if (!archive.ok()) return archive.status();
  return ReadFromArchive(*archive, filename);
}

absl::StatusOr<Metadata> ReadWheelMetadataFromBuffer(absl::string_view zip_bytes) {
  auto archive = ZipArchive::OpenBuffer(zip_bytes, "wheel buffer");
  if (!archive.ok()) return archive.status();
  return ReadFromArchive(*archive, "");
}

}  // namespace stablecut::wheel
