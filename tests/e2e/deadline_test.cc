// stablecut-candidate as a real process over mTLS against a sandbox whose GitHub answers
// slowly: a caller's deadline, the service's default deadline and SIGTERM's shutdown grace
// each cut the GitHub call off in flight, and the sandbox sees the connection go.

#include <signal.h>

#include <chrono>
#include <iostream>
#include <thread>

#include <grpcpp/grpcpp.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
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
using ::testing::HasSubstr;

constexpr char kOperator[] = "spiffe://stablecut/operator";

// Every GitHub answer held back this long (the count outlasts any test).
std::string SlowGitHub(int latency_ms) {
  return absl::StrCat(R"({"method":"*","path_regex":"^/github/","latency_ms":)", latency_ms,
                      R"(,"count":100000})");
}

double Seconds(absl::Duration d) { return absl::ToDoubleSeconds(d); }

void SleepUntil(absl::Time when) {
  absl::Duration left = when - absl::Now();
  if (left > absl::ZeroDuration()) absl::SleepFor(left);
}

class DeadlineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto sandbox = SandboxProcess::Start("demo");
    ASSERT_THAT(sandbox, IsOk());
    sandbox_ = *std::move(sandbox);
  }

  void TearDown() override {
    if (service_ && running_) {
      service_->Signal(SIGTERM);
      EXPECT_THAT(service_->Wait(), IsOk());
    }
  }

  // Starts the service with `server_extra` added to its server section.
  void StartService(std::string const& server_extra) {
    KeyPair server = ca_.IssueServer();
    operator_ = ca_.IssueClient(kOperator);
    std::string token_file = dir_.WriteFile("github.token", sandbox_->write_token());
    std::string config = absl::StrCat(R"pb(
server {
  tls {
    ca_file: ")pb", dir_.WriteFile("ca.pem", ca_.ca_pem()), R"pb("
    cert_file: ")pb", dir_.WriteFile("server.pem", server.cert_pem), R"pb("
    key_file: ")pb", dir_.WriteFile("server.key", server.key_pem), R"pb("
  }
  acl { method: "stablecut.v1.CandidateService/*" identities: ")pb", kOperator, R"pb(" }
  )pb", server_extra, R"pb(
}
github {
  api_base_url: ")pb", sandbox_->GitHubApiUrl(), R"pb("
  uploads_base_url: ")pb", sandbox_->GitHubUploadsUrl(), R"pb("
  repository: "stablecut-demo/widgets"
  token_file: ")pb", token_file, R"pb("
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
    running_ = true;
    auto port = service_->WaitForLoggedInt("serving", "port");
    ASSERT_THAT(port, IsOk());
    stub_ = v1::CandidateService::NewStub(
        stablecut::testing::TlsChannel(*port, ca_.ca_pem(), &operator_));
    // The channel is connected (TLS and all) before any timing starts.
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    v1::GetCandidateRequest bad;
    bad.set_tag("not-a-tag");
    v1::Candidate out;
    ASSERT_EQ(stub_->GetCandidate(&context, bad, &out).error_code(),
              grpc::StatusCode::INVALID_ARGUMENT);
  }

  nlohmann::json Dump() {
    auto dump = sandbox_->DumpState();
    EXPECT_THAT(dump, IsOk());
    return nlohmann::json::parse(dump.value_or("{}"));
  }

  // The GitHub requests the sandbox logged (its control calls are never logged).
  static std::vector<nlohmann::json> GitHubRequests(nlohmann::json const& dump) {
    std::vector<nlohmann::json> out;
    for (auto const& request : dump["requests"]) {
      if (absl::StartsWith(request["path"].get<std::string>(), "/github/")) out.push_back(request);
    }
    return out;
  }

  // Waits up to `timeout` for the sandbox to log a GitHub request whose client hung up.
  bool WaitForClientClosed(absl::Duration timeout) {
    absl::Time end = absl::Now() + timeout;
    do {
      for (auto const& request : GitHubRequests(Dump())) {
        if (request["client_closed"].get<bool>()) return true;
      }
      absl::SleepFor(absl::Milliseconds(20));
    } while (absl::Now() < end);
    return false;
  }

  void Report(std::string const& key, absl::Duration elapsed) {
    std::cout << "[ elapsed  ] " << key << " = " << Seconds(elapsed) << " s" << std::endl;
    RecordProperty(key, absl::StrCat(Seconds(elapsed)));
  }

  TempDir dir_;
  TestCa ca_{"deadline-e2e"};
  KeyPair operator_;
  std::unique_ptr<SandboxProcess> sandbox_;
  std::optional<Subprocess> service_;
  bool running_ = false;
  std::unique_ptr<v1::CandidateService::Stub> stub_;
};

TEST_F(DeadlineTest, ACallersDeadlineCutsTheGitHubCallOffInFlight) {
  StartService("");
  ASSERT_THAT(sandbox_->InjectFault(SlowGitHub(5000)), IsOk());
  grpc::ClientContext context;
  absl::Time start = absl::Now();
  context.set_deadline(absl::ToChronoTime(start + absl::Seconds(2)));
  v1::CreateCandidateRequest request;
  v1::Candidate candidate;
  grpc::Status status = stub_->CreateCandidate(&context, request, &candidate);
  absl::Time returned = absl::Now();
  Report("client_deadline_exceeded_after_s", returned - start);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::DEADLINE_EXCEEDED) << status.error_message();
  EXPECT_LT(returned - start, absl::Seconds(4));

  // The sandbox saw the service hang up on the delayed request, well before its 5 s were up.
  EXPECT_TRUE(WaitForClientClosed(absl::Milliseconds(1500))) << Dump()["requests"].dump();
  Report("sandbox_saw_hang_up_by_s", absl::Now() - start);
  // Nothing more reaches GitHub once the deadline has passed: after 1.5 s no request is held
  // by the sandbox, and every one it logged arrived before the caller had its answer.
  SleepUntil(returned + absl::Milliseconds(1500));
  nlohmann::json dump = Dump();
  EXPECT_EQ(dump["delaying"].get<int>(), 0) << "a GitHub call is still waiting on the sandbox";
  auto requests = GitHubRequests(dump);
  ASSERT_FALSE(requests.empty());
  for (auto const& seen : requests) {
    EXPECT_LE(seen["received_unix_ms"].get<int64_t>(), absl::ToUnixMillis(returned) + 100)
        << "GitHub called after the deadline: " << seen.dump();
    // Every GitHub answer was delayed 5 s, and the call ended at 2 s: none was waited for.
    EXPECT_TRUE(seen["client_closed"].get<bool>()) << seen.dump();
  }
  std::cout << "[ sandbox  ] GitHub requests: " << requests.size() << std::endl;
  // The service's own view: its RPC ended at the deadline, which gRPC also reports to the
  // handler as a cancellation; it is a deadline, and the log says so.
  auto line = service_->WaitForLogLine("code=DEADLINE_EXCEEDED", absl::Seconds(5));
  EXPECT_THAT(line, IsOk());
  if (line.ok()) {
    std::cout << "[ service  ] " << *line << std::endl;
    EXPECT_THAT(*line, HasSubstr("GitHub"));
    EXPECT_THAT(*line, HasSubstr("no answer before the deadline"));
  }
}

TEST_F(DeadlineTest, SigtermEndsAGitHubCallInFlightWhenTheShutdownGraceEnds) {
  StartService(R"pb(shutdown_grace: "2s")pb");
  ASSERT_THAT(sandbox_->InjectFault(SlowGitHub(30000)), IsOk());
  grpc::Status status;
  absl::Time start = absl::Now();
  absl::Time returned;
  std::thread caller([&] {
    grpc::ClientContext context;
    context.set_deadline(absl::ToChronoTime(start + absl::Seconds(60)));
    v1::CreateCandidateRequest request;
    v1::Candidate candidate;
    status = stub_->CreateCandidate(&context, request, &candidate);
    returned = absl::Now();
  });
  SleepUntil(start + absl::Milliseconds(500));
  absl::Time signalled = absl::Now();
  service_->Signal(SIGTERM);
  auto code = service_->Wait(absl::Seconds(40));
  absl::Time exited = absl::Now();
  running_ = false;
  caller.join();
  Report("exit_after_sigterm_s", exited - signalled);
  Report("client_answered_after_sigterm_s", returned - signalled);
  ASSERT_THAT(code, IsOk());
  EXPECT_EQ(*code, 0) << service_->Log();
  EXPECT_LT(exited - signalled, absl::Milliseconds(3500)) << service_->Log();
  EXPECT_FALSE(status.ok());
  std::cout << "[ client   ] " << status.error_code() << " " << status.error_message()
            << std::endl;
  EXPECT_THAT(status.error_code(),
              ::testing::AnyOf(grpc::StatusCode::CANCELLED, grpc::StatusCode::UNAVAILABLE));
  EXPECT_LT(returned - signalled, absl::Milliseconds(3500));
  // The service hung up on the sandbox instead of waiting out its 30 s.
  EXPECT_TRUE(WaitForClientClosed(absl::Seconds(2))) << Dump()["requests"].dump();
}

TEST_F(DeadlineTest, ACallWithoutADeadlineGetsTheServicesDefaultDeadline) {
  StartService(R"pb(default_deadline: "2s")pb");
  ASSERT_THAT(sandbox_->InjectFault(SlowGitHub(5000)), IsOk());
  grpc::ClientContext context;  // no deadline
  v1::ListCandidatesResponse response;
  absl::Time start = absl::Now();
  grpc::Status status = stub_->ListCandidates(&context, {}, &response);
  absl::Duration elapsed = absl::Now() - start;
  Report("default_deadline_exceeded_after_s", elapsed);
  std::cout << "[ client   ] " << status.error_code() << " " << status.error_message()
            << std::endl;
  EXPECT_EQ(status.error_code(), grpc::StatusCode::DEADLINE_EXCEEDED) << status.error_message();
  EXPECT_GE(elapsed, absl::Milliseconds(1900));
  EXPECT_LT(elapsed, absl::Seconds(4));
  EXPECT_THAT(status.error_message(), HasSubstr("GitHub"));
  EXPECT_THAT(status.error_message(), HasSubstr("deadline exceeded"));
  EXPECT_TRUE(WaitForClientClosed(absl::Seconds(1))) << Dump()["requests"].dump();
}

}  // namespace
}  // namespace stablecut
