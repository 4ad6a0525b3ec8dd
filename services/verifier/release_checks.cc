#include "services/verifier/release_checks.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "lib/release/asset_patterns.h"
#include "services/verifier/check.h"

namespace stablecut::verifier {

v1::Check AgeCheck(github::Release const& release, absl::Time now, absl::Duration min_age) {
  if (!release.published_at) {
    return Inconclusive(kAge, absl::StrCat(release.tag_name,
                                           " has no published_at: it was never published"));
  }
  absl::Duration age = now - *release.published_at;
  std::string detail =
      absl::StrCat(DescribeDuration(age), " old, needs ", DescribeDuration(min_age),
                   " (published ", FormatUtc(*release.published_at), ")");
  std::vector<std::string> considered = {
      absl::StrCat("published_at ", FormatUtc(*release.published_at), ", evaluated at ",
                   FormatUtc(now))};
  if (age >= min_age) return Pass(kAge, std::move(detail), std::move(considered));
  return Fail(kAge,
              absl::StrCat(detail, "; it is old enough at ",
                           FormatUtc(*release.published_at + min_age)),
              std::move(considered));
}

v1::Check AssetsCheck(github::Release const& release, std::vector<std::string> const& patterns) {
  std::vector<std::string> considered;
  std::vector<std::string> problems;
  for (auto const& asset : release.assets) {
    considered.push_back(absl::StrCat(
        "asset ", asset.name, ": ", asset.size, " bytes, state ", asset.state, ", sha256 ",
        asset.digest_sha256.empty() ? "none" : asset.digest_sha256, ", updated ",
        FormatUtc(asset.updated_at)));
    if (!asset.state.empty() && asset.state != "uploaded") {
      problems.push_back(absl::StrCat(asset.name, " is not fully uploaded (state ",
                                      asset.state, ")"));
    }
    if (asset.digest_sha256.empty()) {
      problems.push_back(absl::StrCat(asset.name, " has no sha256 digest"));
    }
    if (release.published_at &&
        (asset.created_at > *release.published_at || asset.updated_at > *release.published_at)) {
      problems.push_back(absl::StrCat(
          asset.name, " was ", asset.created_at > *release.published_at ? "uploaded" : "changed",
          " at ", FormatUtc(std::max(asset.created_at, asset.updated_at)),
          ", after the candidate was published (", FormatUtc(*release.published_at),
          "): what was tested is not what would ship"));
    }
  }
  for (auto const& pattern : patterns) considered.push_back("expected pattern " + pattern);
  std::vector<std::string> missing = release::MissingPatterns(patterns, release.assets);
  for (auto const& pattern : missing) {
    problems.insert(problems.begin(), absl::StrCat("no asset matches \"", pattern, "\""));
  }
  if (!problems.empty()) return Fail(kAssets, absl::StrJoin(problems, "; "), std::move(considered));
  if (release.assets.empty()) {
    return Pass(kAssets, "no assets are attached and none are expected", std::move(considered));
  }
  return Pass(kAssets,
              absl::StrCat(release.assets.size(), " asset", release.assets.size() == 1 ? "" : "s",
                           patterns.empty() ? "" : absl::StrCat(" match all ", patterns.size(),
                                                                " expected patterns"),
                           ", each with a sha256 digest, none changed after publication"),
              std::move(considered));
}

}  // namespace stablecut::verifier
