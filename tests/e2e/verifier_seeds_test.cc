// One sandbox seed per criterion (tools/sandbox/criterion_seeds.cc), each with the real
// verifier over mTLS (the fixture of verifier_e2e_fixture.h, config as for the demo): Verify
// on the seed's one pre-release candidate fails exactly that seed's check, passes every other
// one, and the failing check's detail names the evidence. "passes-all", the base the others
// vary, is approved.

#include <algorithm>
#include <ostream>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "tests/e2e/verifier_e2e_fixture.h"
#include "tests/testing/status_matchers.h"

namespace stablecut {
namespace {

using ::stablecut::testing::IsOk;
using ::testing::HasSubstr;
using namespace ::stablecut::verifier_e2e;  // NOLINT: the fixture's names

struct SeedCase {
  std::string check;  // "" for passes-all
  // Substrings of the failing check's detail; {candidate} and {stable} stand for the tags.
  std::vector<std::string> evidence;
};

std::string SeedName(SeedCase const& seed) {
  return seed.check.empty() ? "passes-all" : "fails-" + seed.check;
}

void PrintTo(SeedCase const& seed, std::ostream* out) { *out << SeedName(seed); }

class VerifierSeedTest : public VerifierE2eTest, public ::testing::WithParamInterface<SeedCase> {
 protected:
  void SetUp() override {
    seed_ = SeedName(GetParam());
    VerifierE2eTest::SetUp();
  }

  // The seed's releases: one stable, one pre-release candidate.
  void SetUpGitHub() override {
    auto releases = github_->ListReleases({}, kWidgets, 100);
    ASSERT_THAT(releases, IsOk());
    ASSERT_EQ(releases->size(), 2u);
    for (auto const& release : *releases) {
      ASSERT_FALSE(release.draft) << release.tag_name;
      (release.prerelease ? candidate_tag_ : stable_tag_) = release.tag_name;
    }
    ASSERT_FALSE(candidate_tag_.empty());
    ASSERT_FALSE(stable_tag_.empty());
    // The integrator's list as its web host serves it raw, for the llvm_integrated check.
    extra_config_ += absl::StrCat("integrated_commits_url: \"", sandbox_->BaseUrl(),
                                  "/github-web/stablecut-demo/integrator/raw/main/"
                                  "llvm-integrated.txt\"\n");
  }

  std::string candidate_tag_, stable_tag_;
};

TEST_P(VerifierSeedTest, OnlyTheSeedsCheckFailsAndItsDetailNamesTheEvidence) {
  SeedCase const& seed = GetParam();
  v1::Verdict verdict;
  grpc::Status status = Verify(candidate_tag_, &verdict);
  ASSERT_TRUE(status.ok()) << status.error_message();
  // The demo's checks and llvm_integrated, which the seeds configure (after llvm_upstream).
  std::vector<std::string> names = kCheckNames;
  names.insert(std::find(names.begin(), names.end(), "llvm_upstream") + 1, "llvm_integrated");
  std::vector<v1::Check::Outcome> expected;
  for (auto const& name : names) expected.push_back(name == seed.check ? F : P);
  std::string details;
  for (auto const& check : verdict.checks()) {
    absl::StrAppend(&details, "\n  ", check.name(), ": ", check.detail());
  }
  EXPECT_EQ(Outcomes(verdict), Expected(expected, names)) << details;
  EXPECT_EQ(verdict.approved(), seed.check.empty());
  EXPECT_EQ(verdict.candidate().tag(), candidate_tag_);
  EXPECT_EQ(verdict.previous_stable_tag(), stable_tag_);
  if (seed.check.empty()) return;
  v1::Check const* failing = FindCheck(verdict, seed.check);
  ASSERT_NE(failing, nullptr) << Outcomes(verdict);
  for (auto const& evidence : seed.evidence) {
    EXPECT_THAT(failing->detail(),
                HasSubstr(absl::StrReplaceAll(
                    evidence, {{"{candidate}", candidate_tag_}, {"{stable}", stable_tag_}})));
  }
}

INSTANTIATE_TEST_SUITE_P(
    Seeds, VerifierSeedTest,
    ::testing::Values(
        SeedCase{"", {}},
        SeedCase{"age", {"1 day old, needs 4 days (published "}},
        SeedCase{"ci", {"is not green: ", "test (ubuntu)"}},
        SeedCase{"on_default_branch",
                 {"is not on main (compare: diverged", "a cherry-pick or a commit of another"}},
        SeedCase{"after_stable",
                 {"does not contain the stable release {stable}", "would move latest backwards"}},
        SeedCase{"p0_regressions",
                 {"issue #1 'Widgets vanish after resizing' opened after {stable} was promoted "
                  "is still open"}},
        SeedCase{"holds",
                 {"{candidate} is held by open release-hold issue #1 'Hold {candidate}: "
                  "licence review'"}},
        SeedCase{"llvm_upstream",
                 {"is not on llvm/llvm-project main (compare: diverged", "not upstream"}},
        SeedCase{"llvm_integrated",
                 {"is not among the 4 commits integrated downstream (",
                  "/integrator/raw/main/llvm-integrated.txt"}},
        SeedCase{"downstream_integration",
                 {"\"downstream/integrate\" failure", "needed 2 cherry-picks",
                  "do not promote"}},
        SeedCase{"assets", {"no asset matches \"widgets_runtime-*.whl\""}}),
    [](::testing::TestParamInfo<SeedCase> const& info) {
      return info.param.check.empty() ? std::string("passes_all") : info.param.check;
    });

}  // namespace
}  // namespace stablecut
