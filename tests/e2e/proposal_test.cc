// Release proposals end to end: the real stablecut-candidate (ProposeCandidate,
// PromoteCandidate) asking the real stablecut-verifier over mTLS, both against the sandbox;
// the verifier's `objections` check following the proposal's comments, which the test adds
// through the sandbox's control API as maintainers and as other people.

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <grpcpp/grpcpp.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "nlohmann/json.hpp"
#include "stablecut/v1/candidate.grpc.pb.h"
#include "tests/e2e/verifier_e2e_fixture.h"

namespace stablecut {
namespace {

using ::stablecut::testing::IsOk;
using ::stablecut::testing::KeyPair;
using ::stablecut::testing::SandboxProcess;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::SizeIs;

using namespace ::stablecut::verifier_e2e;  // NOLINT: the fixture's names

constexpr char kProposalLabel[] = "release-proposal";

class ProposalTest : public VerifierE2eTest {
 protected:
  ProposalTest() {
    proposals_ = true;
    candidate_acl_extra_ = absl::StrCat(
        "  acl { method: \"stablecut.v1.CandidateService/PromoteCandidate\" identities: \"",
        kPublisher, "\" }\n");
  }

  void SetUpGitHub() override {
    for (auto const& [days, release] : PreReleasesByAge()) {
      tag_[days] = release.tag_name;
      // The downstream integrator's word on the approved one.
      if (days == 5) PostStatus(release.target_commitish, "success", "integrated");
    }
  }

  std::unique_ptr<v1::CandidateService::Stub> Candidates(KeyPair const& identity) {
    return v1::CandidateService::NewStub(
        ::stablecut::testing::TlsChannel(candidate_port_, ca_.ca_pem(), &identity));
  }

  grpc::Status Promote(std::string const& tag) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
    v1::PromoteCandidateRequest request;
    request.set_tag(tag);
    request.add_published_files("pypi: widgets-1.0-py3-none-any.whl");
    v1::Candidate candidate;
    return Candidates(publisher_)->PromoteCandidate(&context, request, &candidate);
  }

  std::vector<github::Issue> ProposalIssues(std::string const& state = "all") {
    github::IssueQuery query;
    query.labels = {kProposalLabel};
    query.state = state;
    auto issues = github_->ListIssues({}, kWidgets, query);
    EXPECT_THAT(issues, IsOk());
    return issues.ok() ? *issues : std::vector<github::Issue>();
  }

  v1::Check Objections(std::string const& tag) {
    v1::Verdict verdict;
    grpc::Status status = Verify(tag, &verdict);
    EXPECT_TRUE(status.ok()) << status.error_message();
    v1::Check const* check = FindCheck(verdict, "objections");
    EXPECT_NE(check, nullptr) << verdict.DebugString();
    return check ? *check : v1::Check();
  }

  std::map<int, std::string> tag_;  // the demo's pre-releases by age in days
};

class ProposalWithLongWindowTest : public ProposalTest {
 protected:
  ProposalWithLongWindowTest() { extra_config_ = "objection_window: \"48h\"\n"; }
};

TEST_F(ProposalWithLongWindowTest, ProposingTwiceOpensOneIssueAndUpdatesItWithEveryCheck) {
  ASSERT_EQ(tag_.count(5), 1u);
  std::string const tag = tag_[5];
  v1::Proposal first;
  grpc::Status status = Propose(tag, &first);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_TRUE(first.created());
  EXPECT_GT(first.issue_number(), 0);
  EXPECT_THAT(first.html_url(), HasSubstr(absl::StrCat("/issues/", first.issue_number())));
  EXPECT_EQ(first.state(), "open");
  EXPECT_EQ(first.window_ends_at().seconds() - first.proposed_at().seconds(), 48 * 3600);
  // Not approved: its own objection window has only just started.
  EXPECT_FALSE(first.verdict_approved());
  for (std::string const& name : kCheckNames) {
    EXPECT_THAT(first.body(), HasSubstr(absl::StrCat("| ", name, " | "))) << name;
  }
  EXPECT_THAT(first.body(), HasSubstr("| objections | "));
  EXPECT_THAT(first.body(), HasSubstr("/hold"));
  EXPECT_THAT(first.body(), HasSubstr("## Planned PyPI files"));

  v1::Proposal second;
  status = Propose(tag, &second);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_FALSE(second.created());
  EXPECT_EQ(second.issue_number(), first.issue_number());
  EXPECT_EQ(second.proposed_at().seconds(), first.proposed_at().seconds());
  // The second verdict saw the proposal: its window is running.
  EXPECT_THAT(second.body(), HasSubstr("objection window ends at"));

  std::vector<github::Issue> issues = ProposalIssues();
  ASSERT_THAT(issues, SizeIs(1));
  EXPECT_EQ(issues[0].title, absl::StrCat("Release proposal: ", tag));
  EXPECT_EQ(issues[0].body, second.body());

  v1::Check check = Objections(tag);
  EXPECT_EQ(check.outcome(), I) << check.detail();
  EXPECT_THAT(check.detail(), AllOf(HasSubstr("proposed"), HasSubstr("window ends at")));
}

TEST_F(ProposalWithLongWindowTest, AnUnproposedCandidateFailsNotProposedYet) {
  v1::Check check = Objections(tag_[5]);
  EXPECT_EQ(check.outcome(), F);
  EXPECT_THAT(check.detail(), HasSubstr("not proposed yet"));
}

TEST_F(ProposalWithLongWindowTest, DraftsAndUnknownTagsAreRefusedAndNothingIsOpened) {
  v1::Proposal proposal;
  grpc::Status status = Propose("candidate-20200101.1", &proposal);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND) << status.error_message();
  status = Propose("candidate-2026-11-26", &proposal);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << status.error_message();
  EXPECT_THAT(ProposalIssues(), SizeIs(0));
}

TEST_F(ProposalWithLongWindowTest, GitHubRefusingTheIssueWriteNamesThePermission) {
  ASSERT_THAT(sandbox_->InjectFault(R"({"method":"POST","path_regex":"/issues$","status":403,)"
                                    R"("body":"{\"message\":\"Resource not accessible by personal access token\"}"})"),
              IsOk());
  v1::Proposal proposal;
  grpc::Status status = Propose(tag_[5], &proposal);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(status.error_message(),
              AllOf(HasSubstr("issues: write"), HasSubstr("Resource not accessible")));
  EXPECT_THAT(status.error_message(), Not(HasSubstr(sandbox_->write_token())));
  EXPECT_THAT(ProposalIssues(), SizeIs(0));
}

TEST_F(ProposalWithLongWindowTest, PromotionCommentsAndClosesTheProposalAndOlderOnes) {
  ASSERT_EQ(tag_.count(1) + tag_.count(3) + tag_.count(5), 3u);
  std::map<int, int64_t> number;
  for (int days : {1, 3, 5}) {
    v1::Proposal proposal;
    grpc::Status status = Propose(tag_[days], &proposal);
    ASSERT_TRUE(status.ok()) << status.error_message();
    number[days] = proposal.issue_number();
  }
  // The 3-day candidate is promoted (the candidate service does not judge the verdict:
  // the publisher does): the 5-day one is older, the 1-day one newer.
  grpc::Status status = Promote(tag_[3]);
  ASSERT_TRUE(status.ok()) << status.error_message();

  std::map<int64_t, github::Issue> by_number;
  for (auto const& issue : ProposalIssues()) by_number[issue.number] = issue;
  EXPECT_EQ(by_number[number[3]].state, "closed");
  EXPECT_EQ(by_number[number[3]].state_reason, "completed");
  EXPECT_EQ(by_number[number[5]].state, "closed");
  EXPECT_EQ(by_number[number[5]].state_reason, "not_planned");
  EXPECT_EQ(by_number[number[1]].state, "open");

  auto promoted = github_->ListIssueComments({}, kWidgets, number[3]);
  ASSERT_THAT(promoted, IsOk());
  ASSERT_THAT(*promoted, SizeIs(1));
  EXPECT_THAT((*promoted)[0].body, AllOf(HasSubstr("Promoted: "), HasSubstr("/releases/"),
                                         HasSubstr("pypi: widgets-1.0-py3-none-any.whl")));
  auto superseded = github_->ListIssueComments({}, kWidgets, number[5]);
  ASSERT_THAT(superseded, IsOk());
  ASSERT_THAT(*superseded, SizeIs(1));
  EXPECT_THAT((*superseded)[0].body, HasSubstr(absl::StrCat(tag_[3], " was promoted instead")));
  auto newer = github_->ListIssueComments({}, kWidgets, number[1]);
  ASSERT_THAT(newer, IsOk());
  EXPECT_THAT(*newer, SizeIs(0));
}

// A window of a few seconds, so that the test sees it pass.
// Two replicas of the candidate service (deploy/kubernetes runs two) asked to propose the
// same candidate at once: each lists no proposal and opens one (the sandbox holds both
// issue writes back, so that both lists come first); the younger issue is closed as a
// duplicate of the older, and both calls answer with the older.
class ProposalTwoReplicasTest : public ProposalWithLongWindowTest {
 protected:
  void SetUp() override {
    ProposalWithLongWindowTest::SetUp();
    if (HasFatalFailure()) return;
    first_replica_.emplace(*std::move(candidate_));
    first_port_ = candidate_port_;
    candidate_.reset();
    StartCandidateService("candidate-2");
  }

  void TearDown() override {
    if (first_replica_) {
      first_replica_->Signal(SIGTERM);
      EXPECT_THAT(first_replica_->Wait(), IsOk());
    }
    ProposalWithLongWindowTest::TearDown();
  }

  grpc::Status ProposeAt(int port, std::string const& tag, v1::Proposal* proposal) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
    v1::ProposeCandidateRequest request;
    request.set_tag(tag);
    return v1::CandidateService::NewStub(
               ::stablecut::testing::TlsChannel(port, ca_.ca_pem(), &operator_))
        ->ProposeCandidate(&context, request, proposal);
  }

  std::optional<::stablecut::testing::Subprocess> first_replica_;
  int first_port_ = 0;
};

TEST_F(ProposalTwoReplicasTest, ProposingAtOnceLeavesOneOpenProposalAndBothAnswerWithIt) {
  ASSERT_EQ(tag_.count(5), 1u);
  std::string const tag = tag_[5];
  ASSERT_THAT(sandbox_->InjectFault(
                  R"({"method":"POST","path_regex":"/issues$","latency_ms":1500,"count":2})"),
              IsOk());
  v1::Proposal first, second;
  grpc::Status first_status, second_status;
  std::thread first_call([&] { first_status = ProposeAt(first_port_, tag, &first); });
  std::thread second_call([&] { second_status = ProposeAt(candidate_port_, tag, &second); });
  first_call.join();
  second_call.join();
  ASSERT_TRUE(first_status.ok()) << first_status.error_message();
  ASSERT_TRUE(second_status.ok()) << second_status.error_message();
  EXPECT_EQ(first.issue_number(), second.issue_number());

  std::vector<github::Issue> issues = ProposalIssues();
  ASSERT_THAT(issues, SizeIs(2)) << "both replicas were to open one; the race did not happen";
  github::Issue const* kept = nullptr;
  github::Issue const* duplicate = nullptr;
  for (auto const& issue : issues) {
    (issue.number == first.issue_number() ? kept : duplicate) = &issue;
  }
  ASSERT_NE(kept, nullptr);
  ASSERT_NE(duplicate, nullptr);
  EXPECT_LT(kept->number, duplicate->number);
  EXPECT_EQ(kept->state, "open");
  EXPECT_EQ(duplicate->state, "closed");
  auto comments = github_->ListIssueComments({}, kWidgets, duplicate->number);
  ASSERT_THAT(comments, IsOk());
  ASSERT_THAT(*comments, SizeIs(1));
  EXPECT_THAT((*comments)[0].body,
              HasSubstr(absl::StrCat("Duplicate of #", kept->number)));
  // Exactly one call says it opened the proposal.
  EXPECT_NE(first.created(), second.created());

  // The verifier reads the kept one; proposing again changes nothing.
  v1::Check check = Objections(tag);
  EXPECT_EQ(check.outcome(), I) << check.detail();
  EXPECT_THAT(check.considered(),
              ::testing::Contains(HasSubstr(absl::StrCat("proposal #", kept->number, " "))));
  v1::Proposal again;
  ASSERT_TRUE(ProposeAt(first_port_, tag, &again).ok());
  EXPECT_EQ(again.issue_number(), kept->number);
  EXPECT_FALSE(again.created());
  EXPECT_THAT(ProposalIssues("open"), SizeIs(1));
}

class ProposalWithShortWindowTest : public ProposalTest {
 protected:
  ProposalWithShortWindowTest() { extra_config_ = "objection_window: \"8s\"\n"; }
};

TEST_F(ProposalWithShortWindowTest, TheObjectionsCheckFollowsTheComments) {
  std::string const tag = tag_[5];
  v1::Proposal proposal;
  grpc::Status status = Propose(tag, &proposal);
  ASSERT_TRUE(status.ok()) << status.error_message();
  int64_t const number = proposal.issue_number();

  v1::Check check = Objections(tag);
  EXPECT_EQ(check.outcome(), I) << check.detail();
  absl::SleepFor(absl::FromUnixSeconds(proposal.window_ends_at().seconds() + 1) - absl::Now());
  check = Objections(tag);
  EXPECT_EQ(check.outcome(), P) << check.detail();
  {
    v1::Verdict verdict;
    ASSERT_TRUE(Verify(tag, &verdict).ok());
    EXPECT_TRUE(verdict.approved()) << Outcomes(verdict);
  }

  Comment(number, "alice", "MEMBER", "/hold widgets-runtime crashes on import on macOS\nsee #12");
  check = Objections(tag);
  EXPECT_EQ(check.outcome(), F) << check.detail();
  EXPECT_THAT(check.detail(), AllOf(HasSubstr("alice (MEMBER)"),
                                    HasSubstr("\"/hold widgets-runtime crashes on import on macOS\""),
                                    HasSubstr("#issuecomment-"), Not(HasSubstr("see #12"))));

  Comment(number, "mallory", "NONE", "/hold please wait for my PR");
  Comment(number, "bob", "COLLABORATOR", "/unhold fixed in the wheel rebuild");
  check = Objections(tag);
  EXPECT_EQ(check.outcome(), P) << check.detail();
  EXPECT_THAT(check.detail(), AllOf(HasSubstr("mallory (NONE)"), HasSubstr("not blocking")));

  // Someone who is not a maintainer alone never blocks.
  Comment(number, "eve", "FIRST_TIME_CONTRIBUTOR", "/hold");
  EXPECT_EQ(Objections(tag).outcome(), P);
}

// The sandbox's proposal seeds, under a 48h window.
struct SeedCase {
  char const* seed;
  v1::Check::Outcome outcome;
  char const* detail;
};

class ProposalSeedsTest : public VerifierE2eTest,
                          public ::testing::WithParamInterface<SeedCase> {
 protected:
  ProposalSeedsTest() {
    seed_ = GetParam().seed;
    extra_config_ = "objection_window: \"48h\"\n";
  }
};

TEST_P(ProposalSeedsTest, ObjectionsOutcomeAndEvidence) {
  auto releases = github_->ListReleases({}, kWidgets, 100);
  ASSERT_THAT(releases, IsOk());
  std::string tag;
  for (auto const& release : *releases) {
    if (release.prerelease && !release.draft) tag = release.tag_name;
  }
  ASSERT_FALSE(tag.empty());
  v1::Verdict verdict;
  grpc::Status status = Verify(tag, &verdict);
  ASSERT_TRUE(status.ok()) << status.error_message();
  for (auto const& check : verdict.checks()) {
    if (check.name() == "objections") {
      EXPECT_EQ(check.outcome(), GetParam().outcome) << check.detail();
      EXPECT_THAT(check.detail(), HasSubstr(GetParam().detail));
    } else if (check.name() != "downstream_integration") {
      EXPECT_EQ(check.outcome(), P) << check.name() << ": " << check.detail();
    }
  }
  EXPECT_EQ(verdict.approved(), GetParam().outcome == P) << Outcomes(verdict);
}

INSTANTIATE_TEST_SUITE_P(
    Seeds, ProposalSeedsTest,
    ::testing::Values(
        SeedCase{"fails-objections", F, "/hold widgets-runtime crashes on import on macOS"},
        SeedCase{"passes-objections-unheld", P, "released by /unhold"},
        SeedCase{"objections-window-running", I, "window ends at"}),
    [](auto const& info) {
      std::string name = info.param.seed;
      for (char& c : name) {
        if (c == '-') c = '_';
      }
      return name;
    });

}  // namespace
}  // namespace stablecut
