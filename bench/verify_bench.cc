// bench/verify (issue 18, "Speed"): stablecut-verifier as a real process over mTLS against
// the sandbox's demo, with the sandbox adding 100 ms to every GitHub answer. Prints cold and
// warm Verify latency in units of one GitHub round trip (measured: one GET under the fault),
// the GitHub requests made (from the sandbox's request log) and how many warm ones were full
// answers rather than 304s, and the same for PickCandidate over 30 candidates, with PASS/MISS
// per target. Figures only: exits 0 whenever it ran, whatever the figures; non-zero only when
// it could not run.
//
//   build/bench/stablecut_verify_bench [latency_ms]
// (VERIFY_BENCH_TRACE=1 prints each measured GitHub request, by arrival, on stderr.)
//
// The demo has 6 pre-release candidates; 24 more are added through the sandbox's GitHub API
// (POST git/refs + POST releases, pre-release, at an existing commit) before the verifier
// starts. Two PickCandidate scenarios:
//   A. the 24 added candidates are older than the demo's (tags dated 11-34 days ago, .2):
//      30 candidates, the pick stops at the third (the 5-day one, the newest approved).
//   B. 24 more are added newer than the demo's (today's tags, published now: they fail age):
//      the 30 newest are evaluated until the 5-day one, the 27th.

#include <signal.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <grpcpp/grpcpp.h>
#include <nlohmann/json.hpp>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "lib/release/candidate_tag.h"
#include "stablecut/v1/verifier.grpc.pb.h"
#include "tests/testing/sandbox_process.h"
#include "tests/testing/subprocess.h"
#include "tests/testing/temp_dir.h"
#include "tests/testing/test_ca.h"
#include "tests/testing/tls_channel.h"

namespace stablecut {
namespace {

using ::stablecut::testing::KeyPair;
using ::stablecut::testing::SandboxProcess;
using ::stablecut::testing::Subprocess;
using ::stablecut::testing::TempDir;
using ::stablecut::testing::TestCa;

constexpr char kOperator[] = "spiffe://stablecut/operator";

// Thrown, so that the sandbox and the verifier are stopped by their destructors.
struct CouldNotRun {
  std::string what;
};
[[noreturn]] void Fail(std::string const& what) { throw CouldNotRun{what}; }

// GitHub requests the sandbox logged from index `from` on: all, and the 304s among them.
struct Requests {
  int total = 0;
  int not_modified = 0;
  int full() const { return total - not_modified; }
};

class Bench {
 public:
  explicit Bench(int latency_ms) : latency_ms_(latency_ms) {}

  void Setup() {
    auto sandbox = SandboxProcess::Start("demo");
    if (!sandbox.ok()) Fail(sandbox.status().ToString());
    sandbox_ = *std::move(sandbox);
    operator_ = ca_.IssueClient(kOperator);
    ca_file_ = dir_.WriteFile("ca.pem", ca_.ca_pem());

    auto releases = sandbox_->Get(SandboxProcess::Demo("/releases?per_page=100"),
                                  sandbox_->write_token());
    if (releases.status != 200) Fail("GET releases: " + releases.body);
    absl::Time now = absl::Now();
    for (auto const& release : releases.Json()) {
      if (release["draft"].get<bool>() || !release["prerelease"].get<bool>()) continue;
      absl::Time published;
      std::string error;
      if (!absl::ParseTime(absl::RFC3339_full, release["published_at"].get<std::string>(),
                           &published, &error)) {
        Fail("published_at: " + error);
      }
      int days = static_cast<int>(absl::ToDoubleHours(now - published) / 24 + 0.5);
      demo_tag_[days] = release["tag_name"].get<std::string>();
      demo_sha_[days] = release["target_commitish"].get<std::string>();
    }
    if (demo_tag_.size() != 6 || demo_tag_.count(5) != 1 || demo_tag_.count(1) != 1 ||
        demo_tag_.count(10) != 1) {
      Fail("the demo seed does not have its 6 candidates (1, 3, 5, 6, 8, 10 days old)");
    }
    approved_tag_ = demo_tag_[5];
    // Scenario A: 24 candidates older than the demo's, at the 10-day candidate's commit.
    for (int days = 11; days <= 34; ++days) {
      AddCandidate(absl::StrCat("candidate-", release::UtcDate(now - absl::Hours(24 * days)), ".2"),
                   demo_sha_[10]);
    }
  }

  // Scenario B: 24 candidates newer than the demo's, at the 1-day candidate's commit.
  void AddNewerCandidates() {
    std::string today = release::UtcDate(absl::Now());
    for (int n = 11; n <= 34; ++n) {
      AddCandidate(absl::StrCat("candidate-", today, ".", n), demo_sha_[1]);
    }
  }

  int CountCandidates() {
    auto releases = sandbox_->Get(SandboxProcess::Demo("/releases?per_page=100"),
                                  sandbox_->write_token());
    int count = 0;
    for (auto const& release : releases.Json()) {
      if (!release["draft"].get<bool>() && release["prerelease"].get<bool>()) ++count;
    }
    return count;
  }

  void SetLatency() {
    auto status = sandbox_->InjectFault(absl::StrCat(
        R"({"method":"*","path_regex":"^/github/","latency_ms":)", latency_ms_,
        R"(,"count":1000000})"));
    if (!status.ok()) Fail("fault: " + status.ToString());
  }

  // The median of 5 GETs of the repository under the fault: one GitHub round trip.
  absl::Duration MeasureRoundTrip() {
    std::vector<absl::Duration> times;
    for (int i = 0; i < 5; ++i) {
      absl::Time start = absl::Now();
      auto reply = sandbox_->Get(SandboxProcess::Demo(""), sandbox_->read_token());
      times.push_back(absl::Now() - start);
      if (reply.status != 200) Fail("GET repository: " + reply.body);
    }
    std::sort(times.begin(), times.end());
    return times[2];
  }

  void StartVerifier() {
    StopVerifier();
    ++launches_;
    std::string acl;
    for (char const* method : {"Verify", "PickCandidate"}) {
      absl::StrAppend(&acl, "  acl { method: \"stablecut.v1.VerifierService/", method,
                      "\" identities: \"", kOperator, "\" }\n");
    }
    std::string name = absl::StrCat("verifier-", launches_);
    std::string config = absl::StrCat(
        "server {\n", Tls(ca_.IssueServer(), name + "-server"), acl, "}\n",
        "github {\n  api_base_url: \"", sandbox_->GitHubApiUrl(),
        "\"\n  repository: \"stablecut-demo/widgets\"\n  token_file: \"",
        dir_.WriteFile("read.token", sandbox_->read_token()), "\"\n}\n",
        "required_checks: \"build (ubuntu)\"\nrequired_checks: \"test (ubuntu)\"\n",
        "expected_assets: \"widgets-*.whl\"\nexpected_assets: \"widgets_runtime-*.whl\"\n");
    auto process = Subprocess::Start(
        {STABLECUT_VERIFIER_BINARY, "--config=" + dir_.WriteFile(name + ".txtpb", config),
         "--listen=127.0.0.1:0", "--health_listen=none"},
        dir_.path() + "/" + name + ".log");
    if (!process.ok()) Fail("verifier: " + process.status().ToString());
    verifier_.emplace(*std::move(process));
    auto port = verifier_->WaitForLoggedInt("serving", "port");
    if (!port.ok()) Fail("verifier: " + port.status().ToString() + "\n" + verifier_->Log());
    // The mTLS connection first, so that the first RPC measures the verifier, not the handshake.
    auto channel = stablecut::testing::TlsChannel(*port, ca_.ca_pem(), &operator_);
    stub_ = v1::VerifierService::NewStub(channel);
    channel->WaitForConnected(std::chrono::system_clock::now() + std::chrono::seconds(10));
  }

  void StopVerifier() {
    if (!verifier_) return;
    stub_.reset();
    verifier_->Signal(SIGTERM);
    (void)verifier_->Wait();
    verifier_.reset();
  }

  size_t LoggedRequests() { return State()["requests"].size(); }

  Requests GitHubRequestsSince(size_t from) {
    nlohmann::json requests = State()["requests"];
    Requests counted;
    for (size_t i = from; i < requests.size(); ++i) {
      std::string path = requests[i]["path"].get<std::string>();
      if (path.rfind("/github/", 0) != 0) continue;
      ++counted.total;
      if (std::getenv("VERIFY_BENCH_TRACE") != nullptr) {
        std::fprintf(stderr, "  +%5lld ms %d %s\n",
                     static_cast<long long>(requests[i]["received_unix_ms"].get<int64_t>() -
                                            requests[from]["received_unix_ms"].get<int64_t>()),
                     requests[i]["status"].get<int>(), path.c_str());
      }
      if (requests[i]["status"].get<int>() == 304) ++counted.not_modified;
    }
    return counted;
  }

  struct Run {
    absl::Duration latency;
    Requests requests;
    std::string outcome;
  };

  Run Verify(std::string const& tag) {
    size_t from = LoggedRequests();
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(120));
    v1::VerifyRequest request;
    request.set_tag(tag);
    v1::Verdict verdict;
    absl::Time start = absl::Now();
    grpc::Status status = stub_->Verify(&context, request, &verdict);
    Run run{absl::Now() - start, GitHubRequestsSince(from), ""};
    if (!status.ok()) Fail("Verify " + tag + ": " + status.error_message());
    run.outcome = verdict.approved() ? "approved" : "not approved";
    return run;
  }

  Run Pick() {
    size_t from = LoggedRequests();
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(300));
    v1::PickCandidateResponse response;
    absl::Time start = absl::Now();
    grpc::Status status = stub_->PickCandidate(&context, {}, &response);
    Run run{absl::Now() - start, GitHubRequestsSince(from), ""};
    if (!status.ok()) Fail("PickCandidate: " + status.error_message());
    run.outcome = absl::StrCat("picked ", response.verdict().candidate().tag(), " after ",
                               response.rejected_size(), " rejected");
    return run;
  }

  std::string const& approved_tag() const { return approved_tag_; }
  ~Bench() { StopVerifier(); }

 private:
  void AddCandidate(std::string const& tag, std::string const& sha) {
    std::string token = sandbox_->write_token();
    auto ref = sandbox_->Send("POST", SandboxProcess::Demo("/git/refs"), token,
                              nlohmann::json({{"ref", "refs/tags/" + tag}, {"sha", sha}}).dump());
    if (ref.status != 201) Fail("POST git/refs " + tag + ": " + ref.body);
    auto created = sandbox_->Send(
        "POST", SandboxProcess::Demo("/releases"), token,
        nlohmann::json({{"tag_name", tag},
                        {"target_commitish", sha},
                        {"name", tag},
                        {"draft", false},
                        {"prerelease", true}})
            .dump());
    if (created.status != 201) Fail("POST releases " + tag + ": " + created.body);
  }

  nlohmann::json State() {
    auto state = sandbox_->DumpState();
    if (!state.ok()) Fail("state: " + state.status().ToString());
    nlohmann::json json = nlohmann::json::parse(*state, nullptr, false);
    if (json.is_discarded()) Fail("state is not JSON");
    return json;
  }

  std::string Tls(KeyPair const& pair, std::string const& name) {
    return absl::StrCat("  tls {\n    ca_file: \"", ca_file_, "\"\n    cert_file: \"",
                        dir_.WriteFile(name + ".pem", pair.cert_pem), "\"\n    key_file: \"",
                        dir_.WriteFile(name + ".key", pair.key_pem), "\"\n  }\n");
  }

  int latency_ms_;
  TempDir dir_;
  TestCa ca_{"verify-bench"};
  std::string ca_file_;
  KeyPair operator_;
  std::unique_ptr<SandboxProcess> sandbox_;
  std::map<int, std::string> demo_tag_, demo_sha_;
  std::string approved_tag_;
  std::optional<Subprocess> verifier_;
  std::unique_ptr<v1::VerifierService::Stub> stub_;
  int launches_ = 0;
};

std::string Mark(bool met) { return met ? "PASS" : "MISS"; }

}  // namespace
}  // namespace stablecut

namespace stablecut {
namespace {
int Main(int argc, char** argv);
}
}  // namespace stablecut

int main(int argc, char** argv) {
  try {
    return stablecut::Main(argc, argv);
  } catch (stablecut::CouldNotRun const& error) {
    std::fprintf(stderr, "verify_bench: could not run: %s\n", error.what.c_str());
    return 2;
  }
}

namespace stablecut {
namespace {
int Main(int argc, char** argv) {
  // A reader that stops early (| head) must not kill the bench before its destructors stop
  // the sandbox and the verifier.
  signal(SIGPIPE, SIG_IGN);
  int latency_ms = argc > 1 ? std::atoi(argv[1]) : 100;
  if (latency_ms <= 0) Fail("latency_ms must be positive");
  Bench bench(latency_ms);
  bench.Setup();
  int candidates = bench.CountCandidates();
  bench.SetLatency();
  absl::Duration rt = bench.MeasureRoundTrip();
  auto in_rt = [&](absl::Duration d) { return absl::FDivDuration(d, rt); };

  bench.StartVerifier();
  auto verify_cold = bench.Verify(bench.approved_tag());
  auto verify_warm = bench.Verify(bench.approved_tag());
  bench.StartVerifier();
  auto pick_cold = bench.Pick();
  auto pick_warm = bench.Pick();
  bench.AddNewerCandidates();
  int candidates_b = bench.CountCandidates();
  bench.StartVerifier();
  auto pick_cold_b = bench.Pick();
  auto pick_warm_b = bench.Pick();

  std::printf("bench/verify: GitHub latency fault %d ms on every /github/ request\n", latency_ms);
  std::printf("round trip (median of 5 GETs of the repository under the fault): %.1f ms\n\n",
              absl::ToDoubleMilliseconds(rt));
  std::printf("%-34s %9s %8s %9s %6s %6s  %s\n", "run", "latency", "RTs", "requests", "304",
              "full", "result");
  auto row = [&](std::string const& name, Bench::Run const& run) {
    std::printf("%-34s %7.0fms %8.2f %9d %6d %6d  %s\n", name.c_str(),
                absl::ToDoubleMilliseconds(run.latency), in_rt(run.latency), run.requests.total,
                run.requests.not_modified, run.requests.full(), run.outcome.c_str());
  };
  row("Verify " + bench.approved_tag() + " cold", verify_cold);
  row("Verify " + bench.approved_tag() + " warm", verify_warm);
  row(absl::StrCat("PickCandidate A (", candidates, " cand.) cold"), pick_cold);
  row(absl::StrCat("PickCandidate A (", candidates, " cand.) warm"), pick_warm);
  row(absl::StrCat("PickCandidate B (", candidates_b, " cand.) cold"), pick_cold_b);
  row(absl::StrCat("PickCandidate B (", candidates_b, " cand.) warm"), pick_warm_b);

  double ratio_a = static_cast<double>(pick_cold.requests.total) / verify_cold.requests.total;
  double ratio_b = static_cast<double>(pick_cold_b.requests.total) / verify_cold.requests.total;
  std::printf("\nA: 30 candidates, the 24 added older than the demo's: the pick stops at the 3rd.\n");
  std::printf("B: 24 more added newer (published now, failing age): the 30 newest are read until "
              "the 27th.\n\n");
  std::printf("targets\n");
  std::printf("  cold Verify within 4 round trips          %5.2f RTs          %s\n",
              in_rt(verify_cold.latency), Mark(in_rt(verify_cold.latency) <= 4).c_str());
  std::printf("  warm Verify within 2 round trips          %5.2f RTs          %s\n",
              in_rt(verify_warm.latency), Mark(in_rt(verify_warm.latency) <= 2).c_str());
  std::printf("  warm Verify requests all 304              %d of %d full      %s\n",
              verify_warm.requests.full(), verify_warm.requests.total,
              Mark(verify_warm.requests.full() == 0).c_str());
  std::printf("  PickCandidate A < 3x cold Verify requests %d / %d = %.2fx    %s\n",
              pick_cold.requests.total, verify_cold.requests.total, ratio_a,
              Mark(ratio_a < 3).c_str());
  std::printf("  PickCandidate B < 3x cold Verify requests %d / %d = %.2fx    %s\n",
              pick_cold_b.requests.total, verify_cold.requests.total, ratio_b,
              Mark(ratio_b < 3).c_str());
  std::printf("  (not targets: warm PickCandidate A %d of %d full, B %d of %d full)\n",
              pick_warm.requests.full(), pick_warm.requests.total, pick_warm_b.requests.full(),
              pick_warm_b.requests.total);
  return 0;
}
}  // namespace
}  // namespace stablecut
