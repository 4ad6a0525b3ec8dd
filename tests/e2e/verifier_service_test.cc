// stablecut-verifier as a real process over mTLS, against a running sandbox seeded with the
// demo project (and the real stablecut-candidate as its peer, which knows the drafts a
// read-only token cannot see): every check's outcome for the demo's candidates, the pick,
// bad tags, the ACL, GitHub failing for one endpoint, and the read token kept secret.
//
// What the demo seed (tools/sandbox/demo_seed.cc) implies, with this test's config
// (min_age 96h by default; required checks "build (ubuntu)" and "test (ubuntu)"; expected
// assets widgets-*.whl and widgets_runtime-*.whl; integration_status_context
// "downstream/integrate", which the test posts: success on the 5-day candidate's commit,
// failure on the 8-day one's), the previous stable being the release of c1, published 15
// days ago:
//
//   candidate  commit  fails                          why
//   1 day      c8      age                            1 day old
//   3 days     c7      age                            3 days old (its CI is check runs only: ci passes)
//   5 days     c6      -                              approved: PickCandidate picks it
//   6 days     c5      holds                          issue #6 "Hold <its tag>: licence review"
//   8 days     c4      llvm_upstream, downstream_int. pins the LLVM cherry-pick off llvm main; the
//                                                     integrator reported failure
//   10 days    c2      p0_regressions                 #2 (opened 14 days ago) was fixed by c3,
//                                                     which c2 lacks
// downstream_integration is INCONCLUSIVE ("not integrated yet") for 1, 3, 6 and 10 days.
// Every other check passes: all are on main and descend from c1, green, pin llvm main, and
// have both wheels with digests, unchanged since publication. #1 (before the stable) is not
// counted, #4 was closed by hand, #3 is a pull request.

#include <signal.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <map>

#include <httplib.h>

#include <grpcpp/grpcpp.h>
#include <nlohmann/json.hpp>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "lib/github/rest_api.h"
#include "stablecut/v1/verifier.grpc.pb.h"
#include "tests/e2e/verifier_e2e_fixture.h"
#include "tests/testing/loopback_server.h"
#include "tests/testing/sandbox_process.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/subprocess.h"
#include "tests/testing/temp_dir.h"
#include "tests/testing/test_ca.h"
#include "tests/testing/tls_channel.h"

namespace stablecut {
namespace {

using ::stablecut::testing::IsOk;
using ::stablecut::testing::KeyPair;
using ::stablecut::testing::SandboxProcess;
using ::stablecut::testing::Subprocess;
using ::stablecut::testing::TempDir;
using ::stablecut::testing::TestCa;
using ::testing::HasSubstr;
using ::testing::Not;

using namespace ::stablecut::verifier_e2e;  // NOLINT: the fixture's names

class VerifierServiceTest : public VerifierE2eTest {
 protected:
  void SetUpGitHub() override {
    ReadDemoReleases();
    if (HasFatalFailure()) return;
    // The downstream integrator's statuses.
    PostStatus(candidate_sha_[5], "success", "integrated with no cherry-picks");
    PostStatus(candidate_sha_[8], "failure", "needed 2 cherry-picks");
  }

  // The demo's releases: the tag of each pre-release by its age in days, the stable one and
  // the draft.
  void ReadDemoReleases() {
    auto releases = github_->ListReleases({}, kWidgets, 100);
    ASSERT_THAT(releases, IsOk());
    absl::Time now = absl::Now();
    for (auto const& release : *releases) {
      if (release.draft) {
        draft_tag_ = release.tag_name;
        continue;
      }
      int days = static_cast<int>(absl::ToDoubleHours(now - *release.published_at) / 24 + 0.5);
      if (!release.prerelease) {
        stable_tag_ = release.tag_name;
        continue;
      }
      candidate_tag_[days] = release.tag_name;
      candidate_sha_[days] = release.target_commitish;
    }
    ASSERT_EQ(candidate_tag_.size(), 6u);
    for (int days : {1, 3, 5, 6, 8, 10}) ASSERT_EQ(candidate_tag_.count(days), 1u) << days;
    ASSERT_FALSE(stable_tag_.empty());
    ASSERT_FALSE(draft_tag_.empty());
  }

  std::map<int, std::string> candidate_tag_;  // by age in days
  std::map<int, std::string> candidate_sha_;
  std::string stable_tag_, draft_tag_;
};

TEST_F(VerifierServiceTest, DemoCandidatesGetTheExpectedOutcomeForEveryCheck) {
  std::map<int, std::vector<v1::Check::Outcome>> const expected = {
      //     age ci branch stable p0 holds llvm downstream assets
      {1, {F, P, P, P, P, P, P, I, P}},
      {3, {F, P, P, P, P, P, P, I, P}},
      {5, {P, P, P, P, P, P, P, P, P}},
      {6, {P, P, P, P, P, F, P, I, P}},
      {8, {P, P, P, P, P, P, F, F, P}},
      {10, {P, P, P, P, F, P, P, I, P}},
  };
  for (auto const& [days, outcomes] : expected) {
    SCOPED_TRACE(absl::StrCat(days, " days: ", candidate_tag_[days]));
    v1::Verdict verdict;
    grpc::Status status = Verify(candidate_tag_[days], &verdict);
    ASSERT_TRUE(status.ok()) << status.error_message();
    EXPECT_EQ(Outcomes(verdict), Expected(outcomes));
    EXPECT_EQ(verdict.approved(), days == 5);
    EXPECT_EQ(verdict.previous_stable_tag(), stable_tag_);
    EXPECT_EQ(verdict.candidate().tag(), candidate_tag_[days]);
    EXPECT_EQ(verdict.candidate().commit_sha(), candidate_sha_[days]);
    EXPECT_EQ(verdict.candidate().pinned_submodule_commit().size(), 40u);
    for (auto const& check : verdict.checks()) {
      EXPECT_EQ(check.passed(), check.outcome() == P) << check.name();
      EXPECT_FALSE(check.detail().empty()) << check.name();
    }
  }
}

TEST_F(VerifierServiceTest, DetailsNameTheEvidence) {
  v1::Verdict verdict;
  ASSERT_TRUE(Verify(candidate_tag_[3], &verdict).ok());
  EXPECT_THAT(FindCheck(verdict, "age")->detail(), HasSubstr("3 days old, needs 4 days (published "));

  ASSERT_TRUE(Verify(candidate_tag_[5], &verdict).ok());
  EXPECT_THAT(FindCheck(verdict, "holds")->detail(), HasSubstr("(1 open release-hold issue seen)"));

  ASSERT_TRUE(Verify(candidate_tag_[6], &verdict).ok());
  EXPECT_THAT(FindCheck(verdict, "holds")->detail(), HasSubstr("issue #6 'Hold "));

  ASSERT_TRUE(Verify(candidate_tag_[8], &verdict).ok());
  v1::Check const* llvm = FindCheck(verdict, "llvm_upstream");
  EXPECT_THAT(llvm->detail(), HasSubstr("is not on llvm/llvm-project main (compare: diverged"));
  EXPECT_THAT(llvm->detail(), HasSubstr("not upstream"));
  EXPECT_THAT(FindCheck(verdict, "downstream_integration")->detail(),
              HasSubstr("needed cherry-picks: do not promote"));
  // The integrator's failure is its own check's, not CI's.
  EXPECT_EQ(FindCheck(verdict, "ci")->outcome(), P);

  ASSERT_TRUE(Verify(candidate_tag_[10], &verdict).ok());
  v1::Check const* p0 = FindCheck(verdict, "p0_regressions");
  EXPECT_THAT(p0->detail(), HasSubstr("issue #2 'Crash when resizing widgets' opened after " +
                                      stable_tag_ + " was promoted was fixed by"));
  std::string considered = absl::StrJoin(p0->considered(), "\n");
  EXPECT_THAT(considered, HasSubstr("#1 'Widgets render upside down' opened"));
  EXPECT_THAT(considered, HasSubstr("not counted"));
  EXPECT_THAT(considered, HasSubstr("#4 'Default colour changed': closed without a commit"));
  EXPECT_THAT(considered, Not(HasSubstr("#3 ")));  // the pull request
}

TEST_F(VerifierServiceTest, PickCandidatePicksTheNewestApprovedAndExplainsTheNewerOnes) {
  v1::PickCandidateResponse response;
  grpc::Status status = Pick(&response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.verdict().candidate().tag(), candidate_tag_[5]);
  EXPECT_TRUE(response.verdict().approved());
  ASSERT_EQ(response.rejected_size(), 2);
  EXPECT_EQ(response.rejected(0).candidate().tag(), candidate_tag_[1]);
  EXPECT_EQ(response.rejected(1).candidate().tag(), candidate_tag_[3]);
  for (auto const& rejected : response.rejected()) {
    EXPECT_FALSE(rejected.approved());
    EXPECT_EQ(FindCheck(rejected, "age")->outcome(), F);
  }
}

TEST_F(VerifierServiceTest, PickCandidateIsNotFoundListingWhyWhenNoneQualifies) {
  // No candidate's CI can be read: none is approved (inconclusive is never a pass).
  ASSERT_THAT(sandbox_->InjectFault(
                  R"({"method":"GET","path_regex":"/check-runs$","status":503,"retry_after_seconds":0,"count":1000})"),
              IsOk());
  v1::PickCandidateResponse response;
  grpc::Status status = Pick(&response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND) << status.error_message();
  EXPECT_THAT(status.error_message(), HasSubstr("none of the 6 newest pre-release candidates"));
  for (int days : {1, 3, 5, 6, 8, 10}) {
    EXPECT_THAT(status.error_message(), HasSubstr(candidate_tag_[days]));
  }
  EXPECT_THAT(status.error_message(), HasSubstr("ci INCONCLUSIVE"));
  EXPECT_THAT(status.error_message(), HasSubstr("holds FAIL"));
}

TEST_F(VerifierServiceTest, BadTagsGetTheirCodes) {
  v1::Verdict verdict;
  grpc::Status status = Verify("candidate-2026-11-26", &verdict);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << status.error_message();
  status = Verify("candidate-20200101.1", &verdict);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND) << status.error_message();
  status = Verify(stable_tag_, &verdict);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << status.error_message();
  EXPECT_THAT(status.error_message(), HasSubstr("already a stable release"));
  // The draft is invisible to the read token: the candidate service says it is a draft.
  status = Verify(draft_tag_, &verdict);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << status.error_message();
  EXPECT_THAT(status.error_message(), HasSubstr("is a draft"));
}

TEST_F(VerifierServiceTest, AclRefusesAnIdentityItDoesNotName) {
  v1::Verdict verdict;
  grpc::Status status = Verify(candidate_tag_[5], &verdict, &intruder_);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_TRUE(Verify(candidate_tag_[5], &verdict, &publisher_).ok());
  grpc::ClientContext context;
  v1::PickCandidateResponse response;
  EXPECT_EQ(Stub(intruder_)->PickCandidate(&context, {}, &response).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(VerifierServiceTest, GitHubFailingForOneEndpointMakesThatCheckInconclusive) {
  ASSERT_THAT(sandbox_->InjectFault(
                  R"({"method":"GET","path_regex":"/check-runs$","status":503,"retry_after_seconds":0,"count":1000})"),
              IsOk());
  v1::Verdict verdict;
  grpc::Status status = Verify(candidate_tag_[5], &verdict);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(Outcomes(verdict), Expected({P, I, P, P, P, P, P, P, P}));
  EXPECT_FALSE(verdict.approved());
  EXPECT_THAT(FindCheck(verdict, "ci")->detail(), HasSubstr("could not read the check runs of"));
  EXPECT_THAT(FindCheck(verdict, "ci")->detail(), HasSubstr("UNAVAILABLE"));
}

// A deadline shorter than GitHub's latency: the caller gets DEADLINE_EXCEEDED at its deadline
// (gRPC enforces it), not a verdict; the verifier's GitHub calls carry that deadline too, so
// they stop there rather than run on. The service answers the next call normally.
TEST_F(VerifierServiceTest, ADeadlineShorterThanGitHubsLatencyIsDeadlineExceededOnTime) {
  ASSERT_THAT(sandbox_->InjectFault(
                  R"({"method":"GET","path_regex":"/compare/","latency_ms":4000,"count":1000})"),
              IsOk());
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::milliseconds(1500));
  v1::VerifyRequest request;
  request.set_tag(candidate_tag_[5]);
  v1::Verdict verdict;
  absl::Time start = absl::Now();
  grpc::Status status = Stub(operator_)->Verify(&context, request, &verdict);
  absl::Duration took = absl::Now() - start;
  EXPECT_EQ(status.error_code(), grpc::StatusCode::DEADLINE_EXCEEDED) << status.error_message();
  EXPECT_LT(took, absl::Milliseconds(3500));
  ASSERT_THAT(sandbox_->ClearFaults(), IsOk());
  EXPECT_TRUE(Verify(candidate_tag_[5], &verdict).ok());
  EXPECT_TRUE(verdict.approved());
}

// llvm_integrated, configured: the integrated-commits file is served by a loopback HTTP
// server of the test's own and lists the LLVM commit the 5- and 6-day candidates pin (llvm
// main[4]); the 1-day candidate pins main[5], which is not listed.
class VerifierIntegratedCommitsTest : public VerifierServiceTest {
 protected:
  void SetUp() override {
    server_.server().Get("/integrated.txt", [this](httplib::Request const&, httplib::Response& response) {
      if (fail_) {
        response.status = 404;
        return;
      }
      response.set_content(integrated_, "text/plain");
    });
    int port = server_.Start();
    ASSERT_GT(port, 0);
    extra_config_ =
        absl::StrCat("integrated_commits_url: \"http://127.0.0.1:", port, "/integrated.txt\"\n");
    VerifierServiceTest::SetUp();
  }
  std::string Pin(int days) {
    auto entry = github_->GetContent({}, kWidgets, "third_party/llvm-project", candidate_sha_[days]);
    EXPECT_THAT(entry, IsOk());
    return entry.ok() ? entry->sha : "";
  }

  stablecut::testing::LoopbackServer server_;  // stops and joins when the fixture goes
  std::string integrated_;  // read by the server thread after it is set
  std::atomic<bool> fail_{false};
};

TEST_F(VerifierIntegratedCommitsTest, ThePinMustBeListed) {
  integrated_ = absl::StrCat("# integrated downstream\n", Pin(5).substr(0, 12), "\n");
  v1::Verdict verdict;
  ASSERT_TRUE(Verify(candidate_tag_[5], &verdict).ok());
  ASSERT_NE(FindCheck(verdict, "llvm_integrated"), nullptr) << Outcomes(verdict);
  EXPECT_EQ(FindCheck(verdict, "llvm_integrated")->outcome(), P)
      << FindCheck(verdict, "llvm_integrated")->detail();
  EXPECT_TRUE(verdict.approved());

  ASSERT_TRUE(Verify(candidate_tag_[1], &verdict).ok());
  EXPECT_EQ(FindCheck(verdict, "llvm_integrated")->outcome(), F);
  EXPECT_THAT(FindCheck(verdict, "llvm_integrated")->detail(),
              HasSubstr("is not among the 1 commits integrated downstream"));

  fail_ = true;
  ASSERT_TRUE(Verify(candidate_tag_[5], &verdict).ok());
  EXPECT_EQ(FindCheck(verdict, "llvm_integrated")->outcome(), I);
  EXPECT_FALSE(verdict.approved());
}

}  // namespace
}  // namespace stablecut
