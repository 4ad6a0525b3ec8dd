// Fuzzes the GitHub REST response parsers. The first input byte picks the parser (modulo
// their count, in the order of kParsers); the rest is the response body. Every body is
// also read as an error body, as the client does for any 4xx/5xx.

#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/string_view.h"
#include "fuzz/fuzz_check.h"
#include "lib/github/parse.h"

namespace {

namespace gh = stablecut::github;

void CheckAsset(gh::ReleaseAsset const& asset) {
  FUZZ_CHECK(asset.id >= 0 && asset.size >= 0);
  FUZZ_CHECK(asset.digest_sha256.empty() || asset.digest_sha256.size() == 64);
  for (char c : asset.digest_sha256) FUZZ_CHECK(absl::ascii_isxdigit(c) && !absl::ascii_isupper(c));
}

void CheckRelease(gh::Release const& release) {
  FUZZ_CHECK(release.id >= 0);
  for (auto const& asset : release.assets) CheckAsset(asset);
}

// Runs one parser; when it succeeds, `check` sees the result.
template <typename Parse, typename Check>
void Run(Parse parse, absl::string_view body, Check check) {
  auto parsed = parse(body);
  if (parsed.ok()) check(*parsed);
}

template <typename T>
void NoCheck(T const&) {}

template <typename T, typename Check>
auto Each(Check check) {
  return [check](std::vector<T> const& values) {
    for (auto const& value : values) check(value);
  };
}

using Parser = void (*)(absl::string_view body);

// Seeds in fuzz/corpus/github start with the index of their parser here: keep the order.
constexpr Parser kParsers[] = {
    [](absl::string_view b) { Run(gh::ParseRelease, b, CheckRelease); },
    [](absl::string_view b) { Run(gh::ParseReleases, b, Each<gh::Release>(CheckRelease)); },
    [](absl::string_view b) { Run(gh::ParseReleaseAsset, b, CheckAsset); },
    [](absl::string_view b) { Run(gh::ParseReleaseAssets, b, Each<gh::ReleaseAsset>(CheckAsset)); },
    [](absl::string_view b) { Run(gh::ParseGitRef, b, NoCheck<gh::GitRef>); },
    [](absl::string_view b) { Run(gh::ParseGitRefs, b, NoCheck<std::vector<gh::GitRef>>); },
    [](absl::string_view b) { Run(gh::ParseRepository, b, NoCheck<gh::Repository>); },
    [](absl::string_view b) { Run(gh::ParseCommit, b, NoCheck<gh::Commit>); },
    [](absl::string_view b) { Run(gh::ParseCommits, b, NoCheck<std::vector<gh::Commit>>); },
    [](absl::string_view b) {
      Run(gh::ParseComparison, b, [](gh::Comparison const& c) {
        FUZZ_CHECK(c.ahead_by >= 0 && c.behind_by >= 0 && c.total_commits >= 0);
      });
    },
    [](absl::string_view b) { Run(gh::ParseCommitStatus, b, NoCheck<gh::CommitStatus>); },
    [](absl::string_view b) {
      Run(gh::ParseCommitStatuses, b, NoCheck<std::vector<gh::CommitStatus>>);
    },
    [](absl::string_view b) {
      Run(gh::ParseCombinedStatus, b,
          [](gh::CombinedStatus const& s) { FUZZ_CHECK(s.total_count >= 0); });
    },
    [](absl::string_view b) {
      Run(gh::ParseCheckRuns, b, [](gh::CheckRuns const& runs) {
        FUZZ_CHECK(runs.total_count >= 0);
        for (auto const& run : runs.check_runs) FUZZ_CHECK(run.id >= 0);
      });
    },
    [](absl::string_view b) { Run(gh::ParseContent, b, NoCheck<gh::ContentEntry>); },
    [](absl::string_view b) {
      Run(gh::ParseContentListing, b, NoCheck<std::vector<gh::ContentEntry>>);
    },
    [](absl::string_view b) { Run(gh::ParseIssues, b, NoCheck<std::vector<gh::Issue>>); },
    [](absl::string_view b) {
      Run(gh::ParseIssueEvents, b, NoCheck<std::vector<gh::IssueEvent>>);
    },
    [](absl::string_view b) { Run(gh::ParseWorkflowRun, b, NoCheck<gh::WorkflowRun>); },
};
constexpr std::size_t kParserCount = sizeof(kParsers) / sizeof(kParsers[0]);

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(uint8_t const* data, size_t size) {
  if (size == 0) return 0;
  absl::string_view body(reinterpret_cast<char const*>(data) + 1, size - 1);
  kParsers[data[0] % kParserCount](body);

  gh::ApiError error = gh::ParseApiError(body);
  FUZZ_CHECK(error.message.size() <= gh::kMaxApiErrorMessageBytes);
  FUZZ_CHECK(error.documentation_url.size() <= gh::kMaxApiErrorMessageBytes);
  FUZZ_CHECK(error.errors.size() <= 100);  // parse.cc keeps at most kMaxApiErrorDetails
  return 0;
}
