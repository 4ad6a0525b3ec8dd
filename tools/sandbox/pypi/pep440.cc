// Parses, normalizes and orders PEP 440 versions with packaging's grammar.
#include "tools/sandbox/pypi/pep440.h"

#include <regex>
#include <tuple>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"

namespace stablecut::sandbox::pypi {
namespace {

// packaging.version.VERSION_PATTERN, with numbered groups: 1 epoch, 2 release, 4 pre
// label, 5 pre number, 6 post, 7 post number (implicit "-N"), 8 post label, 9 post number,
// 10 dev, 12 dev number, 13 local.
std::regex const& VersionPattern() {
  static auto const* pattern = new std::regex(
      R"(^\s*v?(?:([0-9]+)!)?([0-9]+(?:\.[0-9]+)*))"
      R"(([-_.]?(alpha|a|beta|b|preview|pre|c|rc)[-_.]?([0-9]+)?)?)"
      R"(((?:-([0-9]+))|(?:[-_.]?(post|rev|r)[-_.]?([0-9]+)?))?)"
      R"(([-_.]?(dev)[-_.]?([0-9]+)?)?)"
      R"((?:\+([a-z0-9]+(?:[-_.][a-z0-9]+)*))?\s*$)",
      std::regex::ECMAScript | std::regex::icase);
  return *pattern;
}

bool ToNumber(std::string const& digits, std::int64_t& out) {
  if (digits.empty()) {
    out = 0;
    return true;
  }
  return absl::SimpleAtoi(digits, &out);
}

std::vector<std::int64_t> WithoutTrailingZeros(std::vector<std::int64_t> release) {
  while (release.size() > 1 && release.back() == 0) release.pop_back();
  return release;
}

std::string Render(Pep440Version const& v, std::vector<std::int64_t> const& release) {
  std::string out;
  if (v.epoch != 0) absl::StrAppend(&out, v.epoch, "!");
  absl::StrAppend(&out, absl::StrJoin(release, "."));
  if (!v.pre_label.empty()) absl::StrAppend(&out, v.pre_label, v.pre_number);
  if (v.post) absl::StrAppend(&out, ".post", *v.post);
  if (v.dev) absl::StrAppend(&out, ".dev", *v.dev);
  if (!v.local.empty()) absl::StrAppend(&out, "+", v.local);
  return out;
}

// packaging's _cmpkey without the local part: (pre rank, pre number), post, dev.
std::tuple<int, std::int64_t, int, std::int64_t, int, std::int64_t> SuffixKey(
    Pep440Version const& v) {
  int pre_rank;
  if (v.pre_label.empty() && !v.post && v.dev) {
    pre_rank = -1;  // 1.0.dev0 sorts before 1.0a0
  } else if (v.pre_label.empty()) {
    pre_rank = 10;
  } else {
    pre_rank = v.pre_label == "a" ? 0 : v.pre_label == "b" ? 1 : 2;
  }
  return {pre_rank, v.pre_number, v.post ? 1 : 0, v.post.value_or(0), v.dev ? 0 : 1,
          v.dev.value_or(0)};
}

}  // namespace

std::optional<Pep440Version> ParsePep440(absl::string_view text) {
  // std::regex matches recursively, a few stack frames per character: a version of tens
  // of kilobytes (an upload's form field) overflowed the stack. Real versions are short.
  if (text.size() > kMaxVersionLength) return std::nullopt;
  std::string input(text);
  std::smatch m;
  if (!std::regex_match(input, m, VersionPattern())) return std::nullopt;
  Pep440Version v;
  if (!ToNumber(m[1].str(), v.epoch)) return std::nullopt;
  for (absl::string_view part : absl::StrSplit(m[2].str(), '.')) {
    std::int64_t n;
    if (!absl::SimpleAtoi(part, &n)) return std::nullopt;
    v.release.push_back(n);
  }
  if (m[4].matched) {
    std::string label = absl::AsciiStrToLower(m[4].str());
    v.pre_label = label == "alpha" ? "a" : label == "beta" ? "b"
                  : (label == "c" || label == "pre" || label == "preview") ? "rc"
                                                                             : label;
    if (!ToNumber(m[5].str(), v.pre_number)) return std::nullopt;
  }
  if (m[6].matched) {
    std::int64_t n;
    if (!ToNumber(m[7].matched ? m[7].str() : m[9].str(), n)) return std::nullopt;
    v.post = n;
  }
  if (m[10].matched) {
    std::int64_t n;
    if (!ToNumber(m[12].str(), n)) return std::nullopt;
    v.dev = n;
  }
  if (m[13].matched) {
    std::string local = absl::AsciiStrToLower(m[13].str());
    for (char& c : local) {
      if (c == '-' || c == '_') c = '.';
    }
    v.local = local;
  }
  return v;
}

std::string ToString(Pep440Version const& version) { return Render(version, version.release); }

std::string CanonicalVersion(Pep440Version const& version) {
  return Render(version, WithoutTrailingZeros(version.release));
}

int ComparePep440(Pep440Version const& a, Pep440Version const& b) {
  auto key_a = std::make_tuple(a.epoch, WithoutTrailingZeros(a.release), SuffixKey(a));
  auto key_b = std::make_tuple(b.epoch, WithoutTrailingZeros(b.release), SuffixKey(b));
  if (key_a < key_b) return -1;
  if (key_b < key_a) return 1;
  return 0;
}

bool IsPrerelease(Pep440Version const& version) {
  return !version.pre_label.empty() || version.dev.has_value();
}

}  // namespace stablecut::sandbox::pypi
