// examples/python/stablecut_client.py, run by Debian's /usr/bin/python3 with stubs generated
// by Debian's protoc, against the real candidate service and verifier over mTLS (the sandbox
// seeded with the demo): the operator's certificate gets the 5-day candidate's verdict (every
// check passes) and the candidate list; a certificate the ACL refuses exits non-zero with
// PERMISSION_DENIED.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "tests/e2e/verifier_e2e_fixture.h"
#include "tests/testing/subprocess.h"

namespace stablecut {
namespace {

using ::stablecut::testing::IsOk;
using ::stablecut::testing::KeyPair;
using ::stablecut::testing::RunCommand;
using ::testing::HasSubstr;
using ::testing::Not;

using namespace ::stablecut::verifier_e2e;  // NOLINT: the fixture's names

class PythonClientTest : public VerifierE2eTest {
 protected:
  PythonClientTest() {
    candidate_acl_extra_ = absl::StrCat(
        "  acl { method: \"stablecut.v1.CandidateService/ListCandidates\" identities: \"",
        kOperator, "\" }\n");
  }

  void SetUpGitHub() override {
    auto releases = github_->ListReleases({}, kWidgets, 100);
    ASSERT_THAT(releases, IsOk());
    for (auto const& release : *releases) {
      if (release.draft) continue;
      if (release.prerelease) pre_releases_.push_back(release.tag_name);
      double days = absl::ToDoubleHours(absl::Now() - *release.published_at) / 24;
      if (release.prerelease && days > 4.5 && days < 5.5) {
        tag_ = release.tag_name;
        // The integrator's verdict, so that downstream_integration passes too.
        PostStatus(release.target_commitish, "success", "integrated with no cherry-picks");
      }
    }
    ASSERT_FALSE(tag_.empty()) << "the demo has no 5-day-old candidate";
  }

  // Runs the example as `identity`; its exit code and output (stdout and stderr).
  ::stablecut::testing::CommandResult RunClient(KeyPair const& identity, std::string const& name) {
    auto result = RunCommand(
        {"/usr/bin/python3", STABLECUT_PYTHON_CLIENT, "--tag", tag_,
         "--candidate", absl::StrCat("127.0.0.1:", candidate_port_),
         "--verifier", absl::StrCat("127.0.0.1:", verifier_port_), "--ca", ca_file_,
         "--cert", dir_.WriteFile(name + "-client.pem", identity.cert_pem),
         "--key", dir_.WriteFile(name + "-client.key", identity.key_pem),
         "--stubs", STABLECUT_PYTHON_STUBS},
        dir_.path() + "/" + name + "-python.log");
    EXPECT_THAT(result, IsOk());
    auto out = result.value_or(::stablecut::testing::CommandResult{});
    answers_.push_back(out.output);  // TearDown: no token in it
    return out;
  }

  std::string tag_;
  std::vector<std::string> pre_releases_;
};

TEST_F(PythonClientTest, TheOperatorGetsTheVerdictAndTheCandidates) {
  auto result = RunClient(operator_, "operator");
  ASSERT_EQ(result.exit_code, 0) << result.output;
  EXPECT_THAT(result.output, HasSubstr(absl::StrCat("verdict on ", tag_, ": approved\n")));
  for (std::string const& check : kCheckNames) {
    SCOPED_TRACE(check);
    EXPECT_THAT(result.output, HasSubstr(absl::StrCat("  ", check, ": OUTCOME_PASS: ")));
  }
  EXPECT_THAT(result.output, Not(HasSubstr("OUTCOME_FAIL")));
  EXPECT_THAT(result.output, HasSubstr("candidates (newest first):\n"));
  ASSERT_EQ(pre_releases_.size(), 6u);
  for (std::string const& tag : pre_releases_) {
    EXPECT_THAT(result.output, HasSubstr(absl::StrCat("  ", tag, " STATE_PRE_RELEASE ")));
  }
  EXPECT_THAT(result.output, HasSubstr(" STATE_DRAFT "));  // the demo's draft
  EXPECT_THAT(result.output, HasSubstr(" STATE_STABLE "));
}

TEST_F(PythonClientTest, AnIdentityTheAclRefusesExitsNonZeroSayingPermissionDenied) {
  auto result = RunClient(intruder_, "intruder");
  EXPECT_EQ(result.exit_code, 1) << result.output;
  EXPECT_THAT(result.output, HasSubstr("error: VerifierService.Verify: PERMISSION_DENIED: "));
  EXPECT_THAT(result.output, HasSubstr("Verify"));
  EXPECT_THAT(result.output, Not(HasSubstr("verdict on")));
}

}  // namespace
}  // namespace stablecut
