// The candidate service on the sandbox under a real gRPC client (C++ grpc++, mTLS): 1, 10
// and 64 concurrent callers, each alternating ListCandidates and GetCandidate, on one channel
// as a client program would. Prints calls/s and p50/p99/max latency per level. Goals: no
// call over 1 s, throughput not falling as callers grow, every call OK.
// Usage: stablecut_candidate_load_bench [calls_per_caller [rounds]]
// The levels run interleaved, 1, 10, 64 in each of `rounds` rounds (default 3), and each
// level's rate is the median of its rounds: on a shared machine a burst of someone else's
// work lands on whichever level runs then, and levels run one after the other would compare
// different moments. Bounded: each level of a round makes max(400, callers x
// calls_per_caller (default 20)) calls and stops issuing new ones after 30 s.

#include <signal.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <grpcpp/grpcpp.h>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "bench/bench_stats.h"
#include "stablecut/v1/candidate.grpc.pb.h"
#include "tests/testing/sandbox_process.h"
#include "tests/testing/subprocess.h"
#include "tests/testing/temp_dir.h"
#include "tests/testing/test_ca.h"
#include "tests/testing/tls_channel.h"

namespace {

using stablecut::bench::Met;
using stablecut::bench::Ms;
using stablecut::bench::Percentile;
using stablecut::testing::KeyPair;
using stablecut::testing::SandboxProcess;
using stablecut::testing::Subprocess;
using stablecut::testing::TempDir;
using stablecut::testing::TestCa;
namespace v1 = stablecut::v1;

constexpr char kOperator[] = "spiffe://stablecut/operator";

int Fail(std::string const& what) {
  std::fprintf(stderr, "candidate_load_bench: %s\n", what.c_str());
  return 1;
}

struct Level {
  int callers = 0;
  int calls = 0;
  int failed = 0;
  std::string first_error;
  double calls_per_second = 0;
  absl::Duration p50, p99, max;
};

Level RunLevel(v1::CandidateService::Stub& stub, std::string const& tag, int callers,
               int total_calls) {
  std::atomic<int> next{0};
  std::mutex mu;
  std::vector<absl::Duration> latencies;
  Level level;
  level.callers = callers;
  absl::Time const start = absl::Now();
  absl::Time const stop_issuing = start + absl::Seconds(30);
  std::vector<std::thread> threads;
  for (int c = 0; c < callers; ++c) {
    threads.emplace_back([&] {
      std::vector<absl::Duration> mine;
      int failed = 0;
      std::string error;
      for (int n; (n = next.fetch_add(1)) < total_calls && absl::Now() < stop_issuing;) {
        grpc::ClientContext context;
        context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
        grpc::Status status;
        absl::Time begin = absl::Now();
        if (n % 2 == 0) {
          v1::ListCandidatesRequest request;
          v1::ListCandidatesResponse response;
          status = stub.ListCandidates(&context, request, &response);
        } else {
          v1::GetCandidateRequest request;
          request.set_tag(tag);
          v1::Candidate response;
          status = stub.GetCandidate(&context, request, &response);
        }
        mine.push_back(absl::Now() - begin);
        if (!status.ok()) {
          ++failed;
          if (error.empty()) error = absl::StrCat(status.error_code(), ": ", status.error_message());
        }
      }
      std::lock_guard<std::mutex> lock(mu);
      latencies.insert(latencies.end(), mine.begin(), mine.end());
      level.failed += failed;
      if (level.first_error.empty()) level.first_error = error;
    });
  }
  for (auto& thread : threads) thread.join();
  absl::Duration elapsed = absl::Now() - start;
  level.calls = static_cast<int>(latencies.size());
  level.calls_per_second = level.calls / absl::ToDoubleSeconds(elapsed);
  level.p50 = Percentile(latencies, 50);
  level.p99 = Percentile(latencies, 99);
  level.max = Percentile(latencies, 100);
  return level;
}

}  // namespace

// A level's figures over the rounds: the median rate, the median p50, the worst p99 and max.
Level Summarize(std::vector<Level> const& rounds) {
  Level summary = rounds.front();
  std::vector<double> rates;
  std::vector<absl::Duration> p50s;
  summary.calls = summary.failed = 0;
  for (auto const& round : rounds) {
    rates.push_back(round.calls_per_second);
    p50s.push_back(round.p50);
    summary.calls += round.calls;
    summary.failed += round.failed;
    summary.p99 = std::max(summary.p99, round.p99);
    summary.max = std::max(summary.max, round.max);
    if (summary.first_error.empty()) summary.first_error = round.first_error;
  }
  std::sort(rates.begin(), rates.end());
  summary.calls_per_second = rates[rates.size() / 2];
  summary.p50 = Percentile(p50s, 50);
  return summary;
}

void Print(char const* label, Level const& level) {
  std::printf("%s callers %2d: %4d calls, %7.1f calls/s, p50 %7.2f ms, p99 %7.2f ms, "
              "max %7.2f ms, failed %d%s%s\n",
              label, level.callers, level.calls, level.calls_per_second, Ms(level.p50),
              Ms(level.p99), Ms(level.max), level.failed,
              level.first_error.empty() ? "" : " first: ", level.first_error.c_str());
}

int main(int argc, char** argv) {
  int per_caller = argc > 1 ? std::atoi(argv[1]) : 20;
  int rounds = argc > 2 ? std::atoi(argv[2]) : 3;
  if (per_caller <= 0 || rounds <= 0) {
    return Fail("usage: stablecut_candidate_load_bench [calls_per_caller [rounds]] (both > 0)");
  }
  auto started = SandboxProcess::Start("demo");
  if (!started.ok()) return Fail(started.status().ToString());
  SandboxProcess& sandbox = **started;

  TempDir dir;
  TestCa ca("bench-ca");
  KeyPair server = ca.IssueServer();
  KeyPair operator_identity = ca.IssueClient(kOperator);
  std::string token_file = dir.WriteFile("github.token", sandbox.write_token());
  std::string config = absl::StrCat(R"pb(
server {
  tls {
    ca_file: ")pb", dir.WriteFile("ca.pem", ca.ca_pem()), R"pb("
    cert_file: ")pb", dir.WriteFile("server.pem", server.cert_pem), R"pb("
    key_file: ")pb", dir.WriteFile("server.key", server.key_pem), R"pb("
  }
  acl { method: "stablecut.v1.CandidateService/GetCandidate" identities: ")pb", kOperator, R"pb(" }
  acl { method: "stablecut.v1.CandidateService/ListCandidates" identities: ")pb", kOperator, R"pb(" }
}
github {
  api_base_url: ")pb", sandbox.GitHubApiUrl(), R"pb("
  uploads_base_url: ")pb", sandbox.GitHubUploadsUrl(), R"pb("
  repository: "stablecut-demo/widgets"
  token_file: ")pb", token_file, R"pb("
}
build_workflow: "build.yml"
expected_assets: "widgets-*.whl"
finalize_interval: "0s"
)pb");
  auto service = Subprocess::Start(
      {STABLECUT_CANDIDATE_BINARY, "--config=" + dir.WriteFile("candidate.txtpb", config),
       "--listen=127.0.0.1:0", "--health_listen=none"},
      dir.path() + "/candidate.log");
  if (!service.ok()) return Fail(service.status().ToString());
  auto port = service->WaitForLoggedInt("serving", "port");
  if (!port.ok()) return Fail(port.status().ToString());

  auto stub = v1::CandidateService::NewStub(
      stablecut::testing::TlsChannel(*port, ca.ca_pem(), &operator_identity));
  std::string tag;
  {
    grpc::ClientContext context;
    v1::ListCandidatesResponse response;
    grpc::Status status = stub->ListCandidates(&context, {}, &response);
    if (!status.ok() || response.candidates_size() == 0) {
      return Fail(absl::StrCat("first ListCandidates: ", status.error_message(), "\n",
                               service->Log()));
    }
    tag = response.candidates(0).tag();
  }

  constexpr int kLevels[] = {1, 10, 64};
  std::vector<std::vector<Level>> by_level(std::size(kLevels));
  for (int round = 1; round <= rounds; ++round) {
    for (std::size_t i = 0; i < std::size(kLevels); ++i) {
      // A fresh hour of the sandbox's rate limit (5,000 requests) for each level, so that
      // the figures are the service's and not GitHub's limit.
      auto advanced =
          sandbox.Send("POST", "/_control/clock", "", R"({"advance_seconds":3601})");
      if (advanced.status != 200) return Fail("cannot advance the sandbox clock");
      Level level = RunLevel(*stub, tag, kLevels[i], std::max(400, kLevels[i] * per_caller));
      Print(absl::StrCat("round ", round, ":").c_str(), level);
      by_level[i].push_back(level);
    }
  }
  bool all_ok = true, none_slow = true, not_falling = true;
  std::vector<Level> levels;
  for (auto const& rounds_of_level : by_level) {
    Level level = Summarize(rounds_of_level);
    Print("median:", level);
    all_ok = all_ok && level.failed == 0;
    none_slow = none_slow && level.max <= absl::Seconds(1);
    // "Not falling", with 10% for noise on a shared 2-core machine.
    if (!levels.empty()) {
      not_falling = not_falling && level.calls_per_second >= 0.9 * levels.back().calls_per_second;
    }
    levels.push_back(level);
  }
  std::printf("goal: every call OK: %s; no call over 1 s: %s; throughput not falling as callers "
              "grow: %s\n",
              Met(all_ok), Met(none_slow), Met(not_falling));
  service->Signal(SIGTERM);
  (void)service->Wait();
  return 0;
}
