// stablecut-candidate as a real process over mTLS, against a running sandbox seeded with the
// demo project: cut, idempotence, crash recovery, finalize, promote, ACL, GitHub down, secrets;
// and a cut whose dispatched build the sandbox runs, finalized into a pre-release.

#include <signal.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstdio>
#include <chrono>
#include <thread>

#include <grpcpp/grpcpp.h>
#include <nlohmann/json.hpp>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "lib/github/rest_api.h"
#include "lib/http/file_body.h"
#include "stablecut/v1/candidate.grpc.pb.h"
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
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kOperator[] = "spiffe://stablecut/operator";
constexpr char kPublisher[] = "spiffe://stablecut/publisher";
github::RepoRef const kWidgets{"stablecut-demo", "widgets"};

std::string TodayTag(int n) {
  return absl::StrCat("candidate-", absl::FormatTime("%Y%m%d", absl::Now(), absl::UTCTimeZone()),
                      ".", n);
}

std::string TodayPrefix() { return TodayTag(1).substr(0, 19); }  // "candidate-YYYYMMDD."

int CountOccurrences(std::string const& text, std::string const& needle) {
  int count = 0;
  for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) {
    ++count;
  }
  return count;
}

class CandidateServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto sandbox = SandboxProcess::Start("demo", build_delay_ms_);
    ASSERT_THAT(sandbox, IsOk());
    sandbox_ = *std::move(sandbox);

    KeyPair server = ca_.IssueServer();
    operator_ = ca_.IssueClient(kOperator);
    publisher_ = ca_.IssueClient(kPublisher);
    token_file_ = dir_.WriteFile(
        "github.token", initial_token_.empty() ? sandbox_->write_token() : initial_token_);
    std::string config = absl::StrCat(R"pb(
server {
  tls {
    ca_file: ")pb", dir_.WriteFile("ca.pem", ca_.ca_pem()), R"pb("
    cert_file: ")pb", dir_.WriteFile("server.pem", server.cert_pem), R"pb("
    key_file: ")pb", dir_.WriteFile("server.key", server.key_pem), R"pb("
  }
  acl { method: "stablecut.v1.CandidateService/CreateCandidate" identities: ")pb", kOperator, R"pb(" }
  acl { method: "stablecut.v1.CandidateService/GetCandidate" identities: ")pb", kOperator, R"pb(" }
  acl { method: "stablecut.v1.CandidateService/ListCandidates" identities: ")pb", kOperator, R"pb(" }
  acl { method: "stablecut.v1.CandidateService/FinalizeCandidates" identities: ")pb", kOperator, R"pb(" }
  acl { method: "stablecut.v1.CandidateService/PromoteCandidate" identities: ")pb", kPublisher, R"pb(" }
}
github {
  api_base_url: ")pb", sandbox_->GitHubApiUrl(), R"pb("
  uploads_base_url: ")pb", sandbox_->GitHubUploadsUrl(), R"pb("
  repository: "stablecut-demo/widgets"
  token_file: ")pb", token_file_, R"pb("
)pb", github_extra_, R"pb(
}
build_workflow: "build.yml"
expected_assets: "widgets-*.whl"
expected_assets: "widgets_runtime-*.whl"
submodule_path: "third_party/llvm-project"
finalize_interval: "0s"
)pb");
    auto process = Subprocess::Start(
        {STABLECUT_CANDIDATE_BINARY, "--config=" + dir_.WriteFile("candidate.txtpb", config),
         "--listen=127.0.0.1:0", "--health_listen=none"},
        dir_.path() + "/candidate.log");
    ASSERT_THAT(process, IsOk());
    service_.emplace(*std::move(process));
    auto port = service_->WaitForLoggedInt("serving", "port");
    ASSERT_THAT(port, IsOk());
    port_ = *port;

    http::ClientOptions options;
    options.sleeper = [](absl::Duration) {};
    http_ = std::make_unique<http::Client>(options);
    github::RestApiOptions api_options;
    api_options.api_base_url = sandbox_->GitHubApiUrl();
    api_options.uploads_base_url = sandbox_->GitHubUploadsUrl();
    api_options.token = http::Secret(sandbox_->write_token());
    github_ = std::make_unique<github::RestApi>(*http_, api_options);
  }

  void TearDown() override {
    if (!service_) return;
    service_->Signal(SIGTERM);
    auto code = service_->Wait();
    EXPECT_THAT(code, IsOk());
    // The token reaches no log line, whatever happened in the test.
    EXPECT_THAT(service_->Log(), Not(HasSubstr(sandbox_->write_token())));
    EXPECT_THAT(sandbox_->Output(), Not(HasSubstr(sandbox_->write_token())));
  }

  std::unique_ptr<v1::CandidateService::Stub> Stub(KeyPair const& identity) {
    return v1::CandidateService::NewStub(
        stablecut::testing::TlsChannel(port_, ca_.ca_pem(), &identity));
  }

  grpc::Status Create(bool force, v1::Candidate* candidate, std::string commit = "") {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
    v1::CreateCandidateRequest request;
    request.set_force(force);
    request.set_commit_sha(commit);
    return Stub(operator_)->CreateCandidate(&context, request, candidate);
  }

  grpc::Status Finalize(v1::FinalizeCandidatesResponse* response) {
    grpc::ClientContext context;
    return Stub(operator_)->FinalizeCandidates(&context, {}, response);
  }

  grpc::Status Promote(KeyPair const& identity, std::string const& tag, v1::Candidate* out) {
    grpc::ClientContext context;
    v1::PromoteCandidateRequest request;
    request.set_tag(tag);
    return Stub(identity)->PromoteCandidate(&context, request, out);
  }

  // Attaches both expected wheels to a draft, as the build workflow would.
  void AttachWheels(v1::Candidate const& candidate) {
    auto release = github_->GetRelease({}, kWidgets, candidate.release_id());
    ASSERT_THAT(release, IsOk());
    for (std::string name : {"widgets-1.0-py3-none-any.whl", "widgets_runtime-1.0-py3-none-any.whl"}) {
      http::StringSource bytes("wheel bytes of " + name);
      ASSERT_THAT(github_->UploadReleaseAsset({}, release->upload_url, name,
                                              "application/octet-stream", bytes),
                  IsOk());
    }
  }

  // How many times the build workflow was dispatched for `tag`, from the sandbox's record.
  int Dispatches(std::string const& tag) {
    auto dump = sandbox_->DumpState();
    EXPECT_THAT(dump, IsOk());
    int count = 0;
    for (auto const& dispatch : nlohmann::json::parse(dump.value_or("{}")).value(
             "dispatches", nlohmann::json::array())) {
      count += dispatch.value("ref", "") == tag;
    }
    return count;
  }

  grpc::Status Get(std::string const& tag, v1::Candidate* candidate) {
    grpc::ClientContext context;
    v1::GetCandidateRequest request;
    request.set_tag(tag);
    return Stub(operator_)->GetCandidate(&context, request, candidate);
  }

  // N of the next candidate cut today: one more than today's candidate tags and releases
  // (a draft has a tag name but no tag yet; the demo has one from today).
  int NextNumber() {
    std::vector<std::string> names;
    auto refs = github_->ListMatchingRefs({}, kWidgets, "tags/" + TodayPrefix());
    EXPECT_THAT(refs, IsOk());
    for (auto const& ref : refs.value_or(std::vector<github::GitRef>{})) names.push_back(ref.ref);
    auto releases = github_->ListReleases({}, kWidgets, 100);
    EXPECT_THAT(releases, IsOk());
    for (auto const& release : releases.value_or(std::vector<github::Release>{})) {
      if (absl::StartsWith(release.tag_name, TodayPrefix())) names.push_back(release.tag_name);
    }
    int highest = 0;
    for (auto const& name : names) {
      int n = 0;
      if (absl::SimpleAtoi(name.substr(name.rfind('.') + 1), &n)) highest = std::max(highest, n);
    }
    return highest + 1;
  }

  std::vector<github::Commit> Commits() {
    auto commits = github_->ListCommits({}, kWidgets, "main", 100);
    EXPECT_THAT(commits, IsOk());
    return commits.value_or(std::vector<github::Commit>{});
  }

  // main's first-parent line, newest first, walked here from the listing's parents.
  std::vector<github::Commit> FirstParentLine() {
    std::vector<github::Commit> all = Commits();
    auto head = github_->GetRef({}, kWidgets, "heads/main");
    EXPECT_THAT(head, IsOk());
    std::vector<github::Commit> line;
    std::string sha = head.ok() ? head->object_sha : "";
    while (!sha.empty()) {
      auto found = std::find_if(all.begin(), all.end(),
                                [&](github::Commit const& c) { return c.sha == sha; });
      if (found == all.end()) break;
      line.push_back(*found);
      sha = found->parent_shas.empty() ? "" : found->parent_shas.front();
    }
    return line;
  }

  // The sandbox's --build_delay_ms: by default dispatched builds attach nothing, and a test
  // attaches wheels itself (AttachWheels).
  int build_delay_ms_ = SandboxProcess::kNoBuilds;
  std::string initial_token_;  // in the token file at start; empty: the sandbox's write token
  std::string github_extra_;   // appended inside the config's github block
  std::string token_file_;
  TempDir dir_;
  TestCa ca_{"candidate-e2e"};
  KeyPair operator_;
  KeyPair publisher_;
  std::unique_ptr<SandboxProcess> sandbox_;
  std::optional<Subprocess> service_;
  int port_ = 0;
  std::unique_ptr<http::Client> http_;
  std::unique_ptr<github::RestApi> github_;
};

TEST_F(CandidateServiceTest, CutPicksTheNewestGreenCommitPastRedAndPending) {
  int n = NextNumber();
  v1::Candidate candidate;
  auto status = Create(false, &candidate);
  ASSERT_TRUE(status.ok()) << status.error_message() << "\n" << service_->Log();
  auto commits = FirstParentLine();
  ASSERT_GE(commits.size(), 4u);
  // On main's first-parent line the head (a merge) and the next are red, the third pending,
  // the fourth green. The merged pull request's own commit is green and newer than all but
  // the merge, but main never had its tree: it is neither cut nor even considered.
  auto listed = Commits();
  ASSERT_GE(listed.size(), 2u);
  ASSERT_EQ(listed[0].sha, commits[0].sha);
  ASSERT_EQ(listed[0].parent_shas.size(), 2u);
  std::string pull_request_commit = listed[0].parent_shas[1];
  EXPECT_EQ(candidate.commit_sha(), commits[3].sha);
  EXPECT_NE(candidate.commit_sha(), pull_request_commit);
  EXPECT_EQ(candidate.tag(), TodayTag(n));
  EXPECT_EQ(candidate.state(), v1::Candidate::STATE_DRAFT);
  EXPECT_EQ(candidate.name(), absl::StrCat("widgets candidate ", TodayTag(n)));
  EXPECT_EQ(candidate.pinned_submodule_commit().size(), 40u);

  auto tag = github_->GetRef({}, kWidgets, "tags/" + TodayTag(n));
  ASSERT_THAT(tag, IsOk());
  EXPECT_EQ(tag->object_sha, commits[3].sha);
  auto release = github_->GetRelease({}, kWidgets, candidate.release_id());
  ASSERT_THAT(release, IsOk());
  EXPECT_TRUE(release->draft);
  EXPECT_TRUE(release->prerelease);
  EXPECT_THAT(release->body, HasSubstr(commits[3].sha));

  auto dump = sandbox_->DumpState();
  ASSERT_THAT(dump, IsOk());
  EXPECT_THAT(*dump, HasSubstr(absl::StrCat("\"package_version\":\"", candidate.version(), "\"")));
  EXPECT_THAT(*dump, HasSubstr(absl::StrCat("\"release_id\":\"", candidate.release_id(), "\"")));
  // Why the newer commits were passed over, in the answer and in the log.
  ASSERT_EQ(candidate.skipped_commits_size(), 3);
  EXPECT_EQ(candidate.skipped_commits(0).sha(), commits[0].sha);
  EXPECT_THAT(candidate.skipped_commits(0).reason(), ::testing::StartsWith("red: "));
  EXPECT_EQ(candidate.skipped_commits(1).sha(), commits[1].sha);
  EXPECT_THAT(candidate.skipped_commits(1).reason(), ::testing::StartsWith("red: "));
  EXPECT_EQ(candidate.skipped_commits(2).sha(), commits[2].sha);
  EXPECT_THAT(candidate.skipped_commits(2).reason(), ::testing::StartsWith("pending: "));
  EXPECT_THAT(service_->Log(), HasSubstr(commits[0].sha.substr(0, 7) + " red: "));
  EXPECT_THAT(service_->Log(), HasSubstr(commits[2].sha.substr(0, 7) + " pending: "));
  EXPECT_THAT(service_->Log(), Not(HasSubstr(pull_request_commit.substr(0, 7))));
}

TEST_F(CandidateServiceTest, ASecondCutReturnsTheSameCandidateAndForceCutsTheNext) {
  int n = NextNumber();
  v1::Candidate first, second, forced;
  ASSERT_TRUE(Create(false, &first).ok());
  EXPECT_EQ(first.tag(), TodayTag(n));
  ASSERT_TRUE(Create(false, &second).ok());
  EXPECT_EQ(second.tag(), first.tag());
  EXPECT_EQ(second.release_id(), first.release_id());
  EXPECT_EQ(NextNumber(), n + 1);  // no second tag

  ASSERT_TRUE(Create(true, &forced).ok());
  EXPECT_EQ(forced.tag(), TodayTag(n + 1));
  EXPECT_EQ(forced.commit_sha(), first.commit_sha());
}

TEST_F(CandidateServiceTest, ACrashBetweenTagAndReleaseIsFinishedByTheNextCall) {
  int n = NextNumber();
  ASSERT_THAT(sandbox_->InjectFault(
                  R"({"method":"POST","path_regex":"^/github/repos/stablecut-demo/widgets/releases$","status":500,"count":1})"),
              IsOk());
  v1::Candidate candidate;
  auto failed = Create(false, &candidate);
  EXPECT_FALSE(failed.ok());
  ASSERT_THAT(github_->GetRef({}, kWidgets, "tags/" + TodayTag(n)), IsOk());

  auto status = Create(false, &candidate);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(candidate.tag(), TodayTag(n));
  EXPECT_FALSE(candidate.release_id() == 0);
  EXPECT_THAT(github_->GetRef({}, kWidgets, "tags/" + TodayTag(n + 1)),
              stablecut::testing::StatusIs(absl::StatusCode::kNotFound, ::testing::_));
}

TEST_F(CandidateServiceTest, FinalizePublishesOnlyCompleteDrafts) {
  v1::Candidate candidate;
  ASSERT_TRUE(Create(false, &candidate).ok());
  v1::FinalizeCandidatesResponse before;
  ASSERT_TRUE(Finalize(&before).ok());
  EXPECT_EQ(before.finalized_size(), 0);
  bool ours_incomplete = false;
  for (auto const& incomplete : before.incomplete()) {
    if (incomplete.candidate().tag() == candidate.tag()) {
      ours_incomplete = true;
      EXPECT_EQ(incomplete.missing_patterns_size(), 2);
    }
  }
  EXPECT_TRUE(ours_incomplete);

  AttachWheels(candidate);
  v1::FinalizeCandidatesResponse after;
  ASSERT_TRUE(Finalize(&after).ok());
  ASSERT_EQ(after.finalized_size(), 1);
  EXPECT_EQ(after.finalized(0).tag(), candidate.tag());
  EXPECT_EQ(after.finalized(0).state(), v1::Candidate::STATE_PRE_RELEASE);
  // The demo's own draft still misses a wheel and stays a draft.
  EXPECT_GE(after.incomplete_size(), 1);
  for (auto const& incomplete : after.incomplete()) {
    EXPECT_NE(incomplete.candidate().tag(), candidate.tag());
    EXPECT_EQ(incomplete.candidate().state(), v1::Candidate::STATE_DRAFT);
  }
}

TEST_F(CandidateServiceTest, PromoteFlipsNamePreReleaseAndLatestOnceOnly) {
  v1::Candidate candidate;
  ASSERT_TRUE(Create(false, &candidate).ok());
  AttachWheels(candidate);
  v1::FinalizeCandidatesResponse finalized;
  ASSERT_TRUE(Finalize(&finalized).ok());

  v1::Candidate promoted;
  auto status = Promote(publisher_, candidate.tag(), &promoted);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(promoted.state(), v1::Candidate::STATE_STABLE);
  EXPECT_EQ(promoted.name(), absl::StrCat("widgets stable ", candidate.tag()));
  auto latest = github_->GetLatestRelease({}, kWidgets);
  ASSERT_THAT(latest, IsOk());
  EXPECT_EQ(latest->id, candidate.release_id());
  EXPECT_EQ(latest->assets.size(), 2u);  // assets untouched

  std::string patch = absl::StrCat("\"PATCH\",\"path\":\"/github/repos/stablecut-demo/widgets/releases/",
                                   candidate.release_id());
  auto before = sandbox_->DumpState();
  ASSERT_THAT(before, IsOk());
  v1::Candidate again;
  ASSERT_TRUE(Promote(publisher_, candidate.tag(), &again).ok());
  EXPECT_EQ(again.state(), v1::Candidate::STATE_STABLE);
  auto after = sandbox_->DumpState();
  ASSERT_THAT(after, IsOk());
  EXPECT_EQ(CountOccurrences(*after, patch), CountOccurrences(*before, patch));

  // A newer release promoted since: promoting the first again (a retry, a publish run again)
  // leaves it alone and does not take latest back from the newer one.
  v1::Candidate next;
  ASSERT_TRUE(Create(true, &next).ok());
  AttachWheels(next);
  ASSERT_TRUE(Finalize(&finalized).ok());
  v1::Candidate next_promoted;
  ASSERT_TRUE(Promote(publisher_, next.tag(), &next_promoted).ok());
  ASSERT_TRUE(Promote(publisher_, candidate.tag(), &again).ok());
  EXPECT_EQ(again.state(), v1::Candidate::STATE_STABLE);
  latest = github_->GetLatestRelease({}, kWidgets);
  ASSERT_THAT(latest, IsOk());
  EXPECT_EQ(latest->id, next.release_id());
  auto last = sandbox_->DumpState();
  ASSERT_THAT(last, IsOk());
  EXPECT_EQ(CountOccurrences(*last, patch), CountOccurrences(*before, patch));
}

TEST_F(CandidateServiceTest, ADraftCannotBePromoted) {
  v1::Candidate candidate;
  ASSERT_TRUE(Create(false, &candidate).ok());
  v1::Candidate promoted;
  auto status = Promote(publisher_, candidate.tag(), &promoted);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(status.error_message(), HasSubstr("draft"));
}

TEST_F(CandidateServiceTest, TheOperatorCannotPromote) {
  v1::Candidate promoted;
  auto status = Promote(operator_, TodayTag(1), &promoted);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_THAT(status.error_message(), HasSubstr("PromoteCandidate"));
}

TEST_F(CandidateServiceTest, GetAndListCandidates) {
  grpc::ClientContext bad_context;
  v1::GetCandidateRequest bad;
  bad.set_tag("candidate-2026-11-26");
  v1::Candidate out;
  EXPECT_EQ(Stub(operator_)->GetCandidate(&bad_context, bad, &out).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  grpc::ClientContext unknown_context;
  v1::GetCandidateRequest unknown;
  unknown.set_tag("candidate-20000101.1");
  auto status = Stub(operator_)->GetCandidate(&unknown_context, unknown, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_THAT(status.error_message(), HasSubstr("ListCandidates"));

  v1::ListCandidatesResponse all;
  grpc::ClientContext list_context;
  ASSERT_TRUE(Stub(operator_)->ListCandidates(&list_context, {}, &all).ok());
  ASSERT_GE(all.candidates_size(), 3);
  for (int i = 1; i < all.candidates_size(); ++i) {
    EXPECT_GT(all.candidates(i - 1).tag(), all.candidates(i).tag());  // newest first
  }
  grpc::ClientContext get_context;
  v1::GetCandidateRequest get;
  get.set_tag(all.candidates(0).tag());
  ASSERT_TRUE(Stub(operator_)->GetCandidate(&get_context, get, &out).ok());
  EXPECT_EQ(out.release_id(), all.candidates(0).release_id());
  EXPECT_FALSE(out.assets().empty() && out.state() != v1::Candidate::STATE_DRAFT);

  v1::ListCandidatesRequest paged;
  paged.set_page_size(2);
  paged.set_state(v1::Candidate::STATE_PRE_RELEASE);
  v1::ListCandidatesResponse page;
  grpc::ClientContext page_context;
  ASSERT_TRUE(Stub(operator_)->ListCandidates(&page_context, paged, &page).ok());
  EXPECT_EQ(page.candidates_size(), 2);
  EXPECT_FALSE(page.next_page_token().empty());
  for (auto const& candidate : page.candidates()) {
    EXPECT_EQ(candidate.state(), v1::Candidate::STATE_PRE_RELEASE);
    EXPECT_EQ(candidate.assets(0).sha256().size(), 64u);
  }
}

// A proxy or GHES that repeats the token in its error body: the body reaches the caller and
// the log only with the token scrubbed out.
TEST_F(CandidateServiceTest, ATokenEchoedInGitHubsErrorBodyNeverLeavesTheProcess) {
  std::string token = sandbox_->write_token();
  ASSERT_THAT(sandbox_->InjectFault(absl::StrCat(
                  R"({"method":"GET","path_regex":"/releases$","status":401,"count":10,)",
                  R"("body":"{\"message\":\"Bad credentials for )", token, R"(\"}"})")),
              IsOk());
  v1::ListCandidatesResponse all;
  grpc::ClientContext context;
  auto status = Stub(operator_)->ListCandidates(&context, {}, &all);
  ASSERT_FALSE(status.ok());
  EXPECT_THAT(status.error_message(), HasSubstr("Bad credentials for [redacted]"));
  EXPECT_THAT(status.error_message(), Not(HasSubstr(token)));
  EXPECT_THAT(service_->Log(), HasSubstr("[redacted]"));
  EXPECT_THAT(service_->Log(), Not(HasSubstr(token)));
}

TEST_F(CandidateServiceTest, GitHubDownIsUnavailableNamingGitHub) {
  ASSERT_THAT(sandbox_->InjectFault(
                  R"({"method":"*","path_regex":"^/github/.*","status":503,"retry_after_seconds":0,"count":1000})"),
              IsOk());
  v1::Candidate candidate;
  auto status = Create(false, &candidate);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_THAT(status.error_message(), HasSubstr("GitHub unavailable after"));
  EXPECT_THAT(status.error_message(), Not(HasSubstr(sandbox_->write_token())));
}

TEST_F(CandidateServiceTest, AnExplicitCommitMustBeGreen) {
  auto commits = FirstParentLine();
  ASSERT_GE(commits.size(), 4u);
  v1::Candidate candidate;
  auto red = Create(false, &candidate, commits[0].sha);
  EXPECT_EQ(red.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(red.error_message(), HasSubstr("not green"));
  auto green = Create(false, &candidate, commits[3].sha);
  ASSERT_TRUE(green.ok()) << green.error_message();
  EXPECT_EQ(candidate.commit_sha(), commits[3].sha);
}

// A pull request's own commit is reachable from main (compare says "behind") but main never
// had its tree: refused, saying why.
TEST_F(CandidateServiceTest, AnExplicitCommitOffTheFirstParentLineIsRefused) {
  auto listed = Commits();
  ASSERT_GE(listed.size(), 2u);
  ASSERT_EQ(listed[0].parent_shas.size(), 2u);
  v1::Candidate candidate;
  auto status = Create(false, &candidate, listed[0].parent_shas[1]);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(status.error_message(), HasSubstr("not on its first-parent line"));
  EXPECT_THAT(status.error_message(), HasSubstr("came in through a merge"));
}

TEST_F(CandidateServiceTest, AMalformedCommitShaIsAnInvalidArgument) {
  v1::Candidate candidate;
  for (std::string sha : {std::string("main"), std::string("abc1234"), std::string(39, 'a') + "z"}) {
    auto status = Create(false, &candidate, sha);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << sha;
    EXPECT_THAT(status.error_message(), HasSubstr("full 40 hex digits")) << sha;
  }
}

// --- Writes that fail, and answers that are lost (each test failed on the code before). ---

// The dispatch failed (503 until the retries ran out): the next call finishes the cut by
// dispatching the build of the draft, which would otherwise never get its wheels.
TEST_F(CandidateServiceTest, ALostBuildDispatchIsDispatchedByTheNextCall) {
  ASSERT_THAT(sandbox_->InjectFault(
                  R"({"method":"POST","path_regex":"/dispatches$","status":503,"retry_after_seconds":0,"count":50})"),
              IsOk());
  int n = NextNumber();
  v1::Candidate failed;
  auto status = Create(false, &failed);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE) << status.error_message();
  EXPECT_THAT(status.error_message(), HasSubstr("CreateCandidate again dispatches it"));
  EXPECT_EQ(Dispatches(TodayTag(n)), 0);
  ASSERT_THAT(sandbox_->ClearFaults(), IsOk());

  v1::Candidate before;
  ASSERT_TRUE(Get(TodayTag(n), &before).ok());
  EXPECT_FALSE(before.build().dispatched());

  v1::Candidate again;
  ASSERT_TRUE(Create(false, &again).ok());
  EXPECT_EQ(again.tag(), TodayTag(n));
  EXPECT_TRUE(again.build().dispatched());
  EXPECT_TRUE(again.build().dispatched_now());
  EXPECT_EQ(Dispatches(TodayTag(n)), 1);

  v1::Candidate third;
  ASSERT_TRUE(Create(false, &third).ok());
  EXPECT_TRUE(third.build().dispatched());
  EXPECT_FALSE(third.build().dispatched_now());
  EXPECT_EQ(Dispatches(TodayTag(n)), 1);  // never twice
  v1::Candidate got;
  ASSERT_TRUE(Get(TodayTag(n), &got).ok());
  EXPECT_TRUE(got.build().dispatched());
  EXPECT_EQ(got.build().run_id(), third.build().run_id());
}

// The release was created but the answer never arrived (connection dropped after the
// request was read): the cut reads before answering, and finishes.
TEST_F(CandidateServiceTest, AReleaseWhoseAnswerWasLostIsFoundAndFinished) {
  ASSERT_THAT(sandbox_->InjectFault(
                  R"({"method":"POST","path_regex":"/releases$","drop_after_bytes":0,"count":1})"),
              IsOk());
  int n = NextNumber();
  v1::Candidate candidate;
  auto status = Create(false, &candidate);
  ASSERT_TRUE(status.ok()) << status.error_message() << "\n" << service_->Log();
  EXPECT_EQ(candidate.tag(), TodayTag(n));
  EXPECT_EQ(candidate.state(), v1::Candidate::STATE_DRAFT);
  EXPECT_TRUE(candidate.build().dispatched());
  EXPECT_EQ(Dispatches(TodayTag(n)), 1);
  EXPECT_EQ(NextNumber(), n + 1);  // one tag, one release
}

// A tag made but its answer lost: the cut finds the tag and goes on.
TEST_F(CandidateServiceTest, ATagWhoseAnswerWasLostIsFoundAndFinished) {
  ASSERT_THAT(sandbox_->InjectFault(
                  R"({"method":"POST","path_regex":"/git/refs$","drop_after_bytes":0,"count":1})"),
              IsOk());
  int n = NextNumber();
  v1::Candidate candidate;
  auto status = Create(false, &candidate);
  ASSERT_TRUE(status.ok()) << status.error_message() << "\n" << service_->Log();
  EXPECT_EQ(candidate.tag(), TodayTag(n));
  EXPECT_EQ(NextNumber(), n + 1);
}

// Answers that say nothing was done are retried, for writes too.
TEST_F(CandidateServiceTest, WritesAnsweredUnavailableOrRateLimitedAreRetried) {
  struct Case {
    char const* name;
    char const* fault;
  } const cases[] = {
      {"503 on POST releases",
       R"({"method":"POST","path_regex":"/releases$","status":503,"retry_after_seconds":0,"count":1})"},
      {"secondary rate limit on POST git/refs",
       R"({"method":"POST","path_regex":"/git/refs$","status":403,"retry_after_seconds":1,"count":1,"body":"{\"message\":\"You have exceeded a secondary rate limit. Please wait a few minutes before you try again.\"}"})"},
      {"429 on POST releases",
       R"({"method":"POST","path_regex":"/releases$","status":429,"retry_after_seconds":1,"count":1})"},
  };
  for (auto const& c : cases) {
    SCOPED_TRACE(c.name);
    ASSERT_THAT(sandbox_->InjectFault(c.fault), IsOk());
    int n = NextNumber();
    v1::Candidate candidate;
    auto status = Create(/*force=*/true, &candidate);
    ASSERT_TRUE(status.ok()) << status.error_message();
    EXPECT_EQ(candidate.tag(), TodayTag(n));
    EXPECT_EQ(NextNumber(), n + 1);
    ASSERT_THAT(sandbox_->ClearFaults(), IsOk());
  }
}

TEST_F(CandidateServiceTest, ARateLimitOutlastingTheRetriesIsUnavailableSayingWhenToTryAgain) {
  ASSERT_THAT(sandbox_->InjectFault(
                  R"({"method":"POST","path_regex":"/git/refs$","status":429,"retry_after_seconds":1,"count":100})"),
              IsOk());
  v1::Candidate candidate;
  auto status = Create(/*force=*/true, &candidate);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_THAT(status.error_message(), HasSubstr("rate limited"));
  EXPECT_THAT(status.error_message(), HasSubstr("try again"));
  EXPECT_THAT(status.error_message(), Not(HasSubstr("lacks a permission")));
}

// --- A rotated GitHub token takes effect without a restart. ---

class CandidateServiceTokenRotationTest : public CandidateServiceTest {
 protected:
  static constexpr char kRevokedToken[] = "ghp_REVOKEDbyTheRotation0123456789";
  CandidateServiceTokenRotationTest() {
    initial_token_ = kRevokedToken;
    github_extra_ = "  token_reload_interval: \"1s\"\n";
  }

  grpc::Status List() {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    v1::ListCandidatesResponse response;
    return Stub(operator_)->ListCandidates(&context, {}, &response);
  }
};

TEST_F(CandidateServiceTokenRotationTest, ATokenFileReplacedInPlaceIsUsedWithoutARestart) {
  auto refused = List();
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(refused.error_message(),
              AllOf(HasSubstr("the candidate service's GitHub token"), Not(HasSubstr(kRevokedToken))));

  // An unusable new file (open to others) is not taken; the old token stays in use.
  std::string bad = dir_.WriteFile("github.token.bad", sandbox_->write_token());
  ASSERT_EQ(chmod(bad.c_str(), 0644), 0);
  ASSERT_EQ(std::rename(bad.c_str(), token_file_.c_str()), 0);
  absl::SleepFor(absl::Milliseconds(2200));
  EXPECT_EQ(List().error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(service_->Log(), AllOf(HasSubstr("secret file unusable"),
                                     HasSubstr("open to group or others")));

  // The new token written beside it and renamed over it, as a Kubernetes volume or a secret
  // store's agent does: taken within the reload interval, the process never restarted.
  std::string next = dir_.WriteFile("github.token.next", sandbox_->write_token());
  ASSERT_EQ(std::rename(next.c_str(), token_file_.c_str()), 0);
  absl::Time deadline = absl::Now() + absl::Seconds(10);
  grpc::Status status = List();
  while (!status.ok() && absl::Now() < deadline) {
    absl::SleepFor(absl::Milliseconds(100));
    status = List();
  }
  EXPECT_TRUE(status.ok()) << status.error_message();
  EXPECT_THAT(service_->Log(), HasSubstr("secret file reread"));
  EXPECT_THAT(service_->Log(), Not(HasSubstr(kRevokedToken)));
}

// --- The sandbox runs the dispatched build, as GitHub Actions would. ---

class CandidateServiceWithBuildsTest : public CandidateServiceTest {
 protected:
  CandidateServiceWithBuildsTest() { build_delay_ms_ = 0; }

  // Polls GetCandidate until `tag` has `count` assets; fails saying so after 30 s.
  v1::Candidate WaitForAssets(std::string const& tag, int count) {
    absl::Time deadline = absl::Now() + absl::Seconds(30);
    v1::Candidate candidate;
    while (absl::Now() < deadline) {
      candidate.Clear();
      if (Get(tag, &candidate).ok() && candidate.assets_size() >= count) return candidate;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    ADD_FAILURE() << tag << " did not get " << count << " assets within 30 s: "
                  << candidate.DebugString();
    return candidate;
  }
};

TEST_F(CandidateServiceWithBuildsTest, TheDispatchedBuildAttachesTheWheelsAndFinalizePublishes) {
  v1::Candidate candidate;
  auto status = Create(false, &candidate);
  ASSERT_TRUE(status.ok()) << status.error_message() << "\n" << service_->Log();
  EXPECT_EQ(candidate.state(), v1::Candidate::STATE_DRAFT);
  EXPECT_TRUE(candidate.build().dispatched());

  v1::Candidate built = WaitForAssets(candidate.tag(), 2);
  std::vector<std::string> names;
  for (auto const& asset : built.assets()) {
    names.push_back(asset.name());
    EXPECT_EQ(asset.sha256().size(), 64u) << asset.name();
  }
  EXPECT_THAT(names, ::testing::UnorderedElementsAre(
                         absl::StrCat("widgets-", candidate.version(), "-py3-none-any.whl"),
                         absl::StrCat("widgets_runtime-", candidate.version(),
                                      "-py3-none-any.whl")));

  v1::FinalizeCandidatesResponse finalized;
  ASSERT_TRUE(Finalize(&finalized).ok());
  ASSERT_EQ(finalized.finalized_size(), 1);
  EXPECT_EQ(finalized.finalized(0).tag(), candidate.tag());
  EXPECT_EQ(finalized.finalized(0).state(), v1::Candidate::STATE_PRE_RELEASE);
  auto release = github_->GetRelease({}, kWidgets, candidate.release_id());
  ASSERT_THAT(release, IsOk());
  EXPECT_FALSE(release->draft);
  EXPECT_TRUE(release->prerelease);
  // The demo's own draft had no build dispatched: it still misses its runtime wheel.
  ASSERT_EQ(finalized.incomplete_size(), 1);
  EXPECT_NE(finalized.incomplete(0).candidate().tag(), candidate.tag());
  EXPECT_EQ(finalized.incomplete(0).missing_patterns_size(), 1);
}

}  // namespace
}  // namespace stablecut
