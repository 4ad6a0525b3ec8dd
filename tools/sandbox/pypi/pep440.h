#pragma once
// PEP 440 versions as packaging.version.Version parses, prints and orders them: what
// warehouse uses to validate, normalize and match release versions.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace stablecut::sandbox::pypi {

struct Pep440Version {
  std::int64_t epoch = 0;
  std::vector<std::int64_t> release;
  std::string pre_label;  // "", "a", "b" or "rc"
  std::int64_t pre_number = 0;
  std::optional<std::int64_t> post;
  std::optional<std::int64_t> dev;
  std::string local;  // normalized, without '+'; "" when absent
};

// Longest version text ParsePep440 reads. packaging sets no limit; real versions are tens
// of characters, and the regex that reads them recurses per character.
inline constexpr std::size_t kMaxVersionLength = 1024;

// nullopt when `text` is not a valid PEP 440 version (packaging's InvalidVersion) or is
// longer than kMaxVersionLength.
std::optional<Pep440Version> ParsePep440(absl::string_view text);
// str(Version): the normalized form, e.g. "1.0.0-RC1" -> "1.0.0rc1".
std::string ToString(Pep440Version const& version);
// packaging.utils.canonicalize_version: normalized with trailing ".0"s removed.
std::string CanonicalVersion(Pep440Version const& version);
// <0, 0, >0 as packaging orders versions (local segments ignored).
int ComparePep440(Pep440Version const& a, Pep440Version const& b);
bool IsPrerelease(Pep440Version const& version);

}  // namespace stablecut::sandbox::pypi
