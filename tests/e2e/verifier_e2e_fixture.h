#pragma once
// The verifier e2e fixture: a sandbox seeded with seed_ (the demo unless a test says
// otherwise), the real stablecut-candidate as the verifier's peer, and the real
// stablecut-verifier over mTLS with the e2e config (required checks "build (ubuntu)" and
// "test (ubuntu)"; expected assets widgets-*.whl and widgets_runtime-*.whl;
// integration_status_context "downstream/integrate"; defaults otherwise, plus extra_config_).
// With proposals_, the candidate service is the verifier's client instead (ProposeCandidate).
// Used by verifier_service_test.cc (the demo) and verifier_seeds_test.cc (one seed per
// criterion).

#include <signal.h>

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <grpcpp/grpcpp.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "lib/github/rest_api.h"
#include "stablecut/v1/candidate.grpc.pb.h"
#include "stablecut/v1/verifier.grpc.pb.h"
#include "tests/testing/sandbox_process.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/subprocess.h"
#include "tests/testing/temp_dir.h"
#include "tests/testing/test_ca.h"
#include "tests/testing/tls_channel.h"

namespace stablecut::verifier_e2e {

inline constexpr char kOperator[] = "spiffe://stablecut/operator";
inline constexpr char kPublisher[] = "spiffe://stablecut/publisher";
inline constexpr char kVerifier[] = "spiffe://stablecut/verifier";
inline constexpr char kIntruder[] = "spiffe://stablecut/intruder";
inline constexpr char kCandidate[] = "spiffe://stablecut/candidate";
inline constexpr char kIntegration[] = "downstream/integrate";
inline github::RepoRef const kWidgets{"stablecut-demo", "widgets"};

inline constexpr auto P = v1::Check::OUTCOME_PASS;
inline constexpr auto F = v1::Check::OUTCOME_FAIL;
inline constexpr auto I = v1::Check::OUTCOME_INCONCLUSIVE;

// The check names a verdict lists, in order.
inline std::vector<std::string> const kCheckNames = {
    "age", "ci", "on_default_branch", "after_stable", "p0_regressions", "holds",
    "llvm_upstream", "downstream_integration", "assets"};

inline std::string Outcomes(v1::Verdict const& verdict) {
  std::vector<std::string> parts;
  for (auto const& check : verdict.checks()) {
    parts.push_back(absl::StrCat(check.name(), "=", v1::Check::Outcome_Name(check.outcome())));
  }
  return absl::StrJoin(parts, " ");
}

// `outcomes` of the checks `names` (kCheckNames unless told), as Outcomes prints them.
inline std::string Expected(std::vector<v1::Check::Outcome> const& outcomes,
                            std::vector<std::string> const& names = kCheckNames) {
  std::vector<std::string> parts;
  for (size_t i = 0; i < outcomes.size(); ++i) {
    parts.push_back(absl::StrCat(names[i], "=", v1::Check::Outcome_Name(outcomes[i])));
  }
  return absl::StrJoin(parts, " ");
}

inline v1::Check const* FindCheck(v1::Verdict const& verdict, std::string const& name) {
  for (auto const& check : verdict.checks()) {
    if (check.name() == name) return &check;
  }
  return nullptr;
}

class VerifierE2eTest : public ::testing::Test {
 protected:
  void SetUp() override {
    using ::stablecut::testing::IsOk;
    auto sandbox = ::stablecut::testing::SandboxProcess::Start(seed_);
    ASSERT_THAT(sandbox, IsOk());
    sandbox_ = *std::move(sandbox);
    operator_ = ca_.IssueClient(kOperator);
    publisher_ = ca_.IssueClient(kPublisher);
    intruder_ = ca_.IssueClient(kIntruder);
    ca_file_ = dir_.WriteFile("ca.pem", ca_.ca_pem());

    http_ = std::make_unique<http::Client>();
    github::RestApiOptions api_options;
    api_options.api_base_url = sandbox_->GitHubApiUrl();
    api_options.uploads_base_url = sandbox_->GitHubUploadsUrl();
    api_options.token = http::Secret(sandbox_->write_token());
    github_ = std::make_unique<github::RestApi>(*http_, api_options);
    SetUpGitHub();
    if (HasFatalFailure()) return;

    if (proposals_) {
      // The candidate service asks the verifier for the verdicts it proposes: the verifier
      // starts first, without the candidate service as its peer.
      StartVerifier();
      if (HasFatalFailure()) return;
      StartCandidateService();
      return;
    }
    StartCandidateService();
    if (HasFatalFailure()) return;
    StartVerifier();
  }

  // Runs once the sandbox is up and github_ can reach it, before the services start.
  virtual void SetUpGitHub() {}

  void TearDown() override {
    using ::stablecut::testing::IsOk;
    using ::testing::HasSubstr;
    using ::testing::Not;
    for (auto* process : {&verifier_, &candidate_}) {
      if (!*process) continue;
      (*process)->Signal(SIGTERM);
      auto code = (*process)->Wait();
      EXPECT_THAT(code, IsOk());
    }
    if (!sandbox_) return;
    // The read token reaches no log line and no answer, whatever happened in the test.
    if (verifier_) {
      EXPECT_THAT(verifier_->Log(), Not(HasSubstr(sandbox_->read_token())));
    }
    for (auto const& answer : answers_) {
      EXPECT_THAT(answer, Not(HasSubstr(sandbox_->read_token())));
    }
  }

  void PostStatus(std::string const& sha, std::string const& state,
                  std::string const& description) {
    using ::stablecut::testing::SandboxProcess;
    auto reply = sandbox_->Send(
        "POST", SandboxProcess::Demo("/statuses/" + sha), sandbox_->write_token(),
        nlohmann::json({{"state", state},
                        {"context", kIntegration},
                        {"description", description},
                        {"target_url", "https://integrator.example.com/widgets"}})
            .dump());
    ASSERT_EQ(reply.status, 201) << reply.body;
  }

  std::string Tls(::stablecut::testing::KeyPair const& pair, std::string const& name) {
    return absl::StrCat("  tls {\n    ca_file: \"", ca_file_, "\"\n    cert_file: \"",
                        dir_.WriteFile(name + ".pem", pair.cert_pem), "\"\n    key_file: \"",
                        dir_.WriteFile(name + ".key", pair.key_pem), "\"\n  }\n");
  }

  // `name` names its config and log files (another for a second replica).
  void StartCandidateService(std::string const& name = "candidate") {
    using ::stablecut::testing::IsOk;
    using ::stablecut::testing::Subprocess;
    std::string config = absl::StrCat(
        "server {\n", Tls(ca_.IssueServer(), "candidate-server"),
        "  acl { method: \"stablecut.v1.CandidateService/GetCandidate\" identities: \"",
        kVerifier, "\" }\n", candidate_acl_extra_,
        proposals_ ? absl::StrCat("  acl { method: \"stablecut.v1.CandidateService/ProposeCandidate\""
                                  " identities: \"", kOperator, "\" }\n")
                   : "",
        "}\n",
        "github {\n  api_base_url: \"", sandbox_->GitHubApiUrl(), "\"\n  uploads_base_url: \"",
        sandbox_->GitHubUploadsUrl(), "\"\n  repository: \"stablecut-demo/widgets\"\n",
        "  token_file: \"", dir_.WriteFile("write.token", sandbox_->write_token()), "\"\n}\n",
        "finalize_interval: \"0s\"\n",
        proposals_ ? absl::StrCat("verifier {\n  address: \"127.0.0.1:", verifier_port_, "\"\n",
                                  Tls(ca_.IssueClient(kCandidate), "candidate-client"), "}\n")
                   : "");
    auto process = Subprocess::Start(
        {STABLECUT_CANDIDATE_BINARY, "--config=" + dir_.WriteFile(name + ".txtpb", config),
         "--listen=127.0.0.1:0", "--health_listen=none"},
        dir_.path() + "/" + name + ".log");
    ASSERT_THAT(process, IsOk());
    candidate_.emplace(*std::move(process));
    auto port = candidate_->WaitForLoggedInt("serving", "port");
    ASSERT_THAT(port, IsOk());
    candidate_port_ = *port;
  }

  void StartVerifier() {
    using ::stablecut::testing::IsOk;
    using ::stablecut::testing::Subprocess;
    std::string acl;
    for (char const* method : {"Verify", "PickCandidate"}) {
      absl::StrAppend(&acl, "  acl { method: \"stablecut.v1.VerifierService/", method,
                      "\" identities: \"", kOperator, "\" identities: \"", kPublisher,
                      proposals_ ? absl::StrCat("\" identities: \"", kCandidate) : "", "\" }\n");
    }
    std::string config = absl::StrCat(
        "server {\n", Tls(ca_.IssueServer(), "verifier-server"), acl, "}\n",
        proposals_ ? ""
                   : absl::StrCat("candidate_service {\n  address: \"127.0.0.1:", candidate_port_,
                                  "\"\n", Tls(ca_.IssueClient(kVerifier), "verifier-client"),
                                  "}\n"),
        "github {\n  api_base_url: \"", sandbox_->GitHubApiUrl(),
        "\"\n  repository: \"stablecut-demo/widgets\"\n  token_file: \"",
        dir_.WriteFile("read.token", sandbox_->read_token()), "\"\n}\n",
        "required_checks: \"build (ubuntu)\"\nrequired_checks: \"test (ubuntu)\"\n",
        "expected_assets: \"widgets-*.whl\"\nexpected_assets: \"widgets_runtime-*.whl\"\n",
        "integration_status_context: \"", kIntegration, "\"\n", extra_config_);
    auto process = Subprocess::Start(
        {STABLECUT_VERIFIER_BINARY, "--config=" + dir_.WriteFile("verifier.txtpb", config),
         "--listen=127.0.0.1:0", "--health_listen=none"},
        dir_.path() + "/verifier.log");
    ASSERT_THAT(process, IsOk());
    verifier_.emplace(*std::move(process));
    auto port = verifier_->WaitForLoggedInt("serving", "port");
    ASSERT_THAT(port, IsOk()) << verifier_->Log();
    verifier_port_ = *port;
  }

  std::unique_ptr<v1::VerifierService::Stub> Stub(::stablecut::testing::KeyPair const& identity) {
    return v1::VerifierService::NewStub(
        ::stablecut::testing::TlsChannel(verifier_port_, ca_.ca_pem(), &identity));
  }

  grpc::Status Verify(std::string const& tag, v1::Verdict* verdict,
                      ::stablecut::testing::KeyPair const* identity = nullptr) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
    v1::VerifyRequest request;
    request.set_tag(tag);
    grpc::Status status = Stub(identity ? *identity : operator_)->Verify(&context, request, verdict);
    answers_.push_back(verdict->DebugString());
    answers_.push_back(status.error_message());
    return status;
  }

  grpc::Status Pick(v1::PickCandidateResponse* response) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
    grpc::Status status = Stub(publisher_)->PickCandidate(&context, {}, response);
    answers_.push_back(response->DebugString());
    answers_.push_back(status.error_message());
    return status;
  }

  // The demo's published pre-releases by their age in whole days (1, 3, 5, …).
  std::map<int, github::Release> PreReleasesByAge() {
    std::map<int, github::Release> by_age;
    auto releases = github_->ListReleases({}, kWidgets, 100);
    EXPECT_THAT(releases, ::stablecut::testing::IsOk());
    if (!releases.ok()) return by_age;
    absl::Time now = absl::Now();
    for (auto const& release : *releases) {
      if (release.draft || !release.prerelease || !release.published_at) continue;
      int days = static_cast<int>(absl::ToDoubleHours(now - *release.published_at) / 24 + 0.5);
      by_age[days] = release;
    }
    return by_age;
  }

  // CandidateService.ProposeCandidate as the operator (needs proposals_).
  grpc::Status Propose(std::string const& tag, v1::Proposal* proposal) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
    v1::ProposeCandidateRequest request;
    request.set_tag(tag);
    grpc::Status status =
        v1::CandidateService::NewStub(
            ::stablecut::testing::TlsChannel(candidate_port_, ca_.ca_pem(), &operator_))
            ->ProposeCandidate(&context, request, proposal);
    answers_.push_back(proposal->DebugString());
    answers_.push_back(status.error_message());
    return status;
  }

  // Adds a comment to issue `number` of the demo repository as `user` with `association`,
  // through the sandbox's control API.
  void Comment(int64_t number, std::string const& user, std::string const& association,
               std::string const& body) {
    auto reply = sandbox_->Send("POST", "/_control/comments", "",
                                nlohmann::json({{"owner", kWidgets.owner},
                                                {"repo", kWidgets.name},
                                                {"number", number},
                                                {"user", user},
                                                {"author_association", association},
                                                {"body", body}})
                                    .dump());
    ASSERT_EQ(reply.status, 201) << reply.body;
  }

  std::string seed_ = "demo";  // the sandbox's seed (set before SetUp)
  ::stablecut::testing::TempDir dir_;
  ::stablecut::testing::TestCa ca_{"verifier-e2e"};
  std::string ca_file_;
  ::stablecut::testing::KeyPair operator_, publisher_, intruder_;
  std::unique_ptr<::stablecut::testing::SandboxProcess> sandbox_;
  std::unique_ptr<http::Client> http_;
  std::unique_ptr<github::RestApi> github_;
  std::optional<::stablecut::testing::Subprocess> candidate_, verifier_;
  int candidate_port_ = 0;
  int verifier_port_ = 0;
  std::vector<std::string> answers_;
  std::string extra_config_;  // appended to the verifier's config (set before SetUp)
  std::string candidate_acl_extra_;  // more acl rules of the candidate service (before SetUp)
  // The candidate service gets the verifier as its peer and lets the operator call
  // ProposeCandidate; the verifier then has no candidate service peer (before SetUp).
  bool proposals_ = false;
};

}  // namespace stablecut::verifier_e2e
