// bench/publish (issue 19): a release of N wheels of M MiB published by stablecut-publisher
// (over mTLS, with the real verifier and candidate service), against the way projects do it
// today on the same files and the same sandbox (curl downloads every asset, then twine
// uploads them) and against a raw copy of the same bytes with curl (each asset piped from
// the GitHub download into a PyPI upload, four at once: the floor on this machine). Prints
// the three wall times, the ratios against issue 19's targets (publish <= 1/4 of the
// baseline, <= 1.25x the raw copy) and the publisher's peak resident memory (target < 128
// MiB). Figures only: exits 0 whenever it ran; non-zero only when it could not run.
//
//   build/bench/stablecut_publish_bench [--wheels=16] [--mib=64] [--parallel=4]
//   (and e.g. --wheels=2 --mib=512 for the large-file memory case)
//
// Sandboxes: A is the GitHub (seed passes-all: one approved candidate); each run uploads to
// a PyPI of its own, empty when it starts (same binary, same configuration). The N wheels (widgets, the
// candidate's version, one platform tag each) are attached to the candidate's release
// through A's upload API after it was published, so the verifier's `assets` check fails
// ("changed after publication"): the publish overrides that one check, with a reason, as
// an operator with the override right would.

#include <signal.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <grpcpp/grpcpp.h>
#include <nlohmann/json.hpp>

#include "absl/strings/numbers.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "absl/strings/ascii.h"
#include "absl/time/clock.h"
#include "bench/bench_stats.h"
#include "bench/bench_wheels.h"
#include "bench/process_stats.h"
#include "lib/github/rest_api.h"
#include "lib/http/client.h"
#include "lib/http/file_body.h"
#include "stablecut/v1/publisher.grpc.pb.h"
#include "tests/testing/sandbox_process.h"
#include "tests/testing/subprocess.h"
#include "tests/testing/temp_dir.h"
#include "tests/testing/test_ca.h"
#include "tests/testing/tls_channel.h"

namespace stablecut {
namespace {

using ::stablecut::bench::CpuSeconds;
using ::stablecut::bench::MibPerSecond;
using ::stablecut::bench::PeakRssMib;
using ::stablecut::testing::KeyPair;
using ::stablecut::testing::RunCommand;
using ::stablecut::testing::SandboxProcess;
using ::stablecut::testing::Subprocess;
using ::stablecut::testing::TempDir;
using ::stablecut::testing::TestCa;

constexpr char kOperator[] = "spiffe://stablecut/operator";
constexpr char kVerifier[] = "spiffe://stablecut/verifier";
constexpr char kPublisher[] = "spiffe://stablecut/publisher";
github::RepoRef const kWidgets{"stablecut-demo", "widgets"};

struct CouldNotRun {
  std::string what;
};
[[noreturn]] void Fail(std::string const& what) { throw CouldNotRun{what}; }

struct Options {
  int wheels = 16;
  int mib = 64;
  int parallel = 4;
};

struct Wheel {
  std::string name;
  std::string path;
  std::string download_url;  // the asset's browser_download_url on A
  std::vector<std::pair<std::string, std::string>> fields;  // twine's form fields
  int64_t size = 0;
};

class Bench {
 public:
  explicit Bench(Options options) : options_(options) {}

  void Setup() {
    auto github = SandboxProcess::Start("passes-all");
    if (!github.ok()) Fail(github.status().ToString());
    github_ = *std::move(github);
    // One empty PyPI per run, so that every run uploads every file.
    // A PyPI limit above the files' size, as PyPI grants a project that asks.
    std::string const limit = absl::StrCat("--pypi_max_file_mib=", options_.mib + 16);
    for (auto* pypi : {&baseline_pypi_, &raw_pypi_, &pypi_}) {
      auto started = SandboxProcess::Start("none", SandboxProcess::kNoBuilds, {limit});
      if (!started.ok()) Fail(started.status().ToString());
      *pypi = *std::move(started);
    }
    operator_ = ca_.IssueClient(kOperator);
    ca_file_ = dir_.WriteFile("ca.pem", ca_.ca_pem());

    http_ = std::make_unique<http::Client>();
    github::RestApiOptions api_options;
    api_options.api_base_url = github_->GitHubApiUrl();
    api_options.uploads_base_url = github_->GitHubUploadsUrl();
    api_options.token = http::Secret(github_->write_token());
    api_ = std::make_unique<github::RestApi>(*http_, api_options);
    AttachWheels();
    StartCandidateService();
    StartVerifier();
    StartPublisher();
  }

  void Run() {
    double const total_mib = static_cast<double>(total_bytes_) / (1024.0 * 1024.0);
    std::printf("publish_bench: %d wheels of %d MiB (%.0f MiB in all), max_parallel_uploads %d\n",
                options_.wheels, options_.mib, total_mib, options_.parallel);
    absl::Duration baseline = Baseline();
    std::printf("  baseline (curl downloads every asset, then twine uploads them): %.2f s, %.0f MiB/s\n",
                absl::ToDoubleSeconds(baseline), MibPerSecond(total_bytes_, baseline));
    auto raw_before = CpuSeconds(raw_pypi_->process().pid());
    absl::Duration raw = RawCopy();
    auto raw_after = CpuSeconds(raw_pypi_->process().pid());
    std::printf("  raw copy (curl | curl, %d at once):                               %.2f s, %.0f MiB/s\n",
                options_.parallel, absl::ToDoubleSeconds(raw), MibPerSecond(total_bytes_, raw));
    std::printf("    (its PyPI sandbox's CPU seconds: %.2f + %.2f)\n", raw_after.first - raw_before.first,
                raw_after.second - raw_before.second);
    std::vector<std::pair<char const*, pid_t>> const processes = {
        {"publisher", publisher_->pid()}, {"PyPI sandbox", pypi_->process().pid()},
        {"GitHub sandbox", github_->process().pid()}, {"verifier", verifier_->pid()},
        {"candidate service", candidate_->pid()}};
    std::vector<std::pair<double, double>> before;
    for (auto const& [name, pid] : processes) before.push_back(CpuSeconds(pid));
    absl::Duration publish = Publish();
    double const rss = PeakRssMib(publisher_->pid());
    std::printf("  stablecut publish (verdict, pre-flight, audit, stream, promote):   %.2f s, %.0f MiB/s\n",
                absl::ToDoubleSeconds(publish), MibPerSecond(total_bytes_, publish));
    std::printf("  where the publish's time goes (CPU seconds, user + system, during it):");
    for (std::size_t i = 0; i < processes.size(); ++i) {
      auto after = CpuSeconds(processes[i].second);
      std::printf("%s %s %.2f + %.2f", i == 0 ? "" : ";", processes[i].first,
                  after.first - before[i].first, after.second - before[i].second);
    }
    std::printf("\n");
    double const vs_baseline = absl::ToDoubleSeconds(publish) / absl::ToDoubleSeconds(baseline);
    double const vs_raw = absl::ToDoubleSeconds(publish) / absl::ToDoubleSeconds(raw);
    std::printf("  publish / baseline: %.2f (target <= 0.25: %s)\n", vs_baseline,
                bench::Met(vs_baseline <= 0.25));
    std::printf("  publish / raw copy: %.2f (target <= 1.25: %s)\n", vs_raw,
                bench::Met(vs_raw <= 1.25));
    std::printf("  publisher peak RSS: %.1f MiB (target < 128 MiB: %s)\n", rss,
                bench::Met(rss >= 0 && rss < 128));
  }

 private:
  std::string Tls(KeyPair const& pair, std::string const& name) {
    return absl::StrCat("  tls {\n    ca_file: \"", ca_file_, "\"\n    cert_file: \"",
                        dir_.WriteFile(name + ".pem", pair.cert_pem), "\"\n    key_file: \"",
                        dir_.WriteFile(name + ".key", pair.key_pem), "\"\n  }\n");
  }

  std::string GitHubConfig(std::string const& token, bool uploads) {
    return absl::StrCat("github {\n  api_base_url: \"", github_->GitHubApiUrl(), "\"\n",
                        uploads ? absl::StrCat("  uploads_base_url: \"", github_->GitHubUploadsUrl(), "\"\n") : "",
                        "  repository: \"stablecut-demo/widgets\"\n  token_file: \"",
                        dir_.WriteFile(absl::StrCat("token-", ++token_files_), token), "\"\n}\n");
  }

  Subprocess Start(std::string const& binary, std::string const& name, std::string const& config) {
    auto process = Subprocess::Start(
        {binary, "--config=" + dir_.WriteFile(name + ".txtpb", config), "--listen=127.0.0.1:0",
         "--health_listen=none"},
        absl::StrCat(dir_.path(), "/", name, ".log"));
    if (!process.ok()) Fail(process.status().ToString());
    return *std::move(process);
  }

  int Port(Subprocess& process, std::string const& name) {
    auto port = process.WaitForLoggedInt("serving", "port");
    if (!port.ok()) Fail(absl::StrCat(name, " did not start: ", process.Log()));
    return *port;
  }

  // The candidate release of passes-all, and N wheels of its version attached to it.
  void AttachWheels() {
    auto releases = api_->ListReleases({}, kWidgets, 100);
    if (!releases.ok()) Fail(releases.status().ToString());
    std::optional<github::Release> candidate;
    for (auto const& release : *releases) {
      if (release.prerelease && !release.draft) candidate = release;
    }
    if (!candidate) Fail("the passes-all seed has no pre-release");
    tag_ = candidate->tag_name;
    std::string const version = tag_.substr(std::string("candidate-").size());
    for (auto const& asset : candidate->assets) {
      total_bytes_ += asset.size;  // the seed's two small wheels are published too
      wheels_.push_back(Wheel{asset.name, "", asset.browser_download_url, {}, asset.size});
    }
    std::size_t const payload = static_cast<std::size_t>(options_.mib) * 1024 * 1024;
    for (int i = 0; i < options_.wheels; ++i) {
      std::string const tag = absl::StrCat("py3-none-manylinux_2_", 17 + i, "_x86_64");
      std::string const name = absl::StrCat("widgets-", version, "-", tag, ".whl");
      std::string const path = absl::StrCat(dir_.path(), "/", name);
      std::string bytes = bench::WriteWheel(path, "widgets", version, tag, payload, 1000 + i);
      if (bytes.empty()) Fail("could not write " + path);
      auto source = http::FileSource::Open(path);
      if (!source.ok()) Fail(source.status().ToString());
      auto asset = api_->UploadReleaseAsset({}, candidate->upload_url, name, "application/zip", **source);
      if (!asset.ok()) Fail(absl::StrCat("uploading ", name, ": ", asset.status().ToString()));
      wheels_.push_back(Wheel{name, path, asset->browser_download_url,
                              bench::TwineFields("widgets", version, bytes),
                              static_cast<int64_t>(bytes.size())});
      total_bytes_ += static_cast<int64_t>(bytes.size());
    }
    // The seed's wheels: their bytes for the raw copy's form fields.
    for (auto& wheel : wheels_) {
      if (!wheel.path.empty()) continue;
      wheel.path = absl::StrCat(dir_.path(), "/", wheel.name);
      auto fetched = RunCommand({"/usr/bin/curl", "-sfL", "-o", wheel.path, wheel.download_url},
                                dir_.path() + "/curl.log");
      if (!fetched.ok() || fetched->exit_code != 0) Fail("could not download " + wheel.name);
      std::string bytes = testing::ReadFileOrEmpty(wheel.path);
      std::string const distribution = wheel.name.substr(0, wheel.name.find('-'));
      wheel.fields = bench::TwineFields(distribution, version, bytes);
    }
  }

  void StartCandidateService() {
    std::string config = absl::StrCat(
        "server {\n", Tls(ca_.IssueServer(), "candidate-server"),
        "  acl { method: \"stablecut.v1.CandidateService/GetCandidate\" identities: \"", kVerifier,
        "\" identities: \"", kPublisher, "\" }\n",
        "  acl { method: \"stablecut.v1.CandidateService/PromoteCandidate\" identities: \"",
        kPublisher, "\" }\n}\n", GitHubConfig(github_->write_token(), true),
        "finalize_interval: \"0s\"\n");
    candidate_.emplace(Start(STABLECUT_CANDIDATE_BINARY, "candidate", config));
    candidate_port_ = Port(*candidate_, "stablecut-candidate");
  }

  void StartVerifier() {
    std::string config = absl::StrCat(
        "server {\n", Tls(ca_.IssueServer(), "verifier-server"),
        "  acl { method: \"stablecut.v1.VerifierService/Verify\" identities: \"", kPublisher,
        "\" }\n}\n", "candidate_service {\n  address: \"127.0.0.1:", candidate_port_, "\"\n",
        Tls(ca_.IssueClient(kVerifier), "verifier-client"), "}\n",
        GitHubConfig(github_->read_token(), false),
        "expected_assets: \"widgets-*.whl\"\nexpected_assets: \"widgets_runtime-*.whl\"\n");
    verifier_.emplace(Start(STABLECUT_VERIFIER_BINARY, "verifier", config));
    verifier_port_ = Port(*verifier_, "stablecut-verifier");
  }

  void StartPublisher() {
    KeyPair client = ca_.IssueClient(kPublisher);
    std::string config = absl::StrCat(
        "server {\n", Tls(ca_.IssueServer(), "publisher-server"),
        "  acl { method: \"stablecut.v1.PublisherService/Publish\" identities: \"", kOperator, "\" }\n",
        "  acl { method: \"stablecut.v1.PublisherService/Publish:override\" identities: \"",
        kOperator, "\" }\n}\n",
        "verifier {\n  address: \"127.0.0.1:", verifier_port_, "\"\n", Tls(client, "publisher-client"),
        "  timeout: \"120s\"\n}\n",
        "candidate_service {\n  address: \"127.0.0.1:", candidate_port_, "\"\n",
        Tls(client, "publisher-client"), "}\n",
        "github {\n  api_base_url: \"", github_->GitHubApiUrl(),
        "\"\n  repository: \"stablecut-demo/widgets\"\n}\n",
        "targets {\n  name: \"bench\"\n  upload_url: \"", pypi_->PypiUploadUrl(),
        "\"\n  json_api_base_url: \"", pypi_->PypiJsonUrl(), "\"\n  token_file: \"",
        dir_.WriteFile("pypi.token", pypi_->pypi_token()), "\"\n  max_file_bytes: ",
        static_cast<int64_t>(options_.mib + 16) * 1024 * 1024, "\n}\n",
        "audit_file: \"", dir_.path(), "/audit.jsonl\"\n",
        "max_parallel_uploads: ", options_.parallel, "\n",
        "projects: \"widgets\"\nprojects: \"widgets_runtime\"\n");
    publisher_.emplace(Start(STABLECUT_PUBLISHER_BINARY, "publisher", config));
    publisher_port_ = Port(*publisher_, "stablecut-publisher");
  }

  void Shell(std::string const& command) {
    auto ran = RunCommand({"/bin/bash", "-c", command}, dir_.path() + "/shell.log");
    if (!ran.ok() || ran->exit_code != 0) Fail("could not run: " + command);
  }

  int StoredFiles(SandboxProcess& pypi) {
    auto dump = pypi.DumpState();
    if (!dump.ok()) Fail(dump.status().ToString());
    int stored = 0;
    nlohmann::json const state = nlohmann::json::parse(*dump);  // iterated: it must outlive the loop
    for (auto const& [name, project] : state["pypi"]["projects"].items()) {
      for (auto const& release : project["releases"]) stored += static_cast<int>(release["files"].size());
    }
    return stored;
  }

  void ExpectAllStored(SandboxProcess& pypi, char const* run, std::string const& output = "") {
    int stored = StoredFiles(pypi);
    if (stored != static_cast<int>(wheels_.size())) {
      Fail(absl::StrCat(run, " stored ", stored, " of ", wheels_.size(), " files\n", output));
    }
  }

  absl::Duration Baseline() {
    std::string const downloads = dir_.path() + "/baseline";
    Shell(absl::StrCat("rm -rf '", downloads, "' && mkdir -p '", downloads, "'"));
    absl::Time start = absl::Now();
    for (auto const& wheel : wheels_) {
      auto fetched = RunCommand({"/usr/bin/curl", "-sfL", "-o", downloads + "/" + wheel.name,
                                 wheel.download_url},
                                dir_.path() + "/curl.log", absl::Minutes(5));
      if (!fetched.ok() || fetched->exit_code != 0) Fail("curl could not download " + wheel.name);
    }
    std::vector<std::string> twine = {"/usr/bin/twine", "upload", "--non-interactive",
                                      "--disable-progress-bar", "--repository-url",
                                      baseline_pypi_->PypiUploadUrl(), "-u", "__token__", "-p",
                                      baseline_pypi_->pypi_token()};
    for (auto const& wheel : wheels_) twine.push_back(downloads + "/" + wheel.name);
    auto uploaded = RunCommand(twine, dir_.path() + "/twine.log", absl::Minutes(10));
    absl::Duration elapsed = absl::Now() - start;
    if (!uploaded.ok() || uploaded->exit_code != 0) {
      Fail("twine upload failed: " + (uploaded.ok() ? uploaded->output : uploaded.status().ToString()));
    }
    ExpectAllStored(*baseline_pypi_, "the baseline", uploaded->output);
    Shell(absl::StrCat("rm -rf '", downloads, "'"));
    return elapsed;
  }

  // One file: curl's download piped, between the form's head and tail, into curl's upload.
  std::string RawCopyScript(Wheel const& wheel) {
    std::string const boundary = "rawcopy0boundary0x1f";
    std::string head;
    for (auto const& [name, value] : wheel.fields) {
      absl::StrAppend(&head, "--", boundary, "\r\nContent-Disposition: form-data; name=\"", name,
                      "\"\r\n\r\n", value, "\r\n");
    }
    absl::StrAppend(&head, "--", boundary, "\r\nContent-Disposition: form-data; name=\"content\"; ",
                    "filename=\"", wheel.name, "\"\r\nContent-Type: application/octet-stream\r\n\r\n");
    std::string const tail = absl::StrCat("\r\n--", boundary, "--\r\n");
    std::string const head_file = dir_.WriteFile(wheel.name + ".head", head);
    std::string const tail_file = dir_.WriteFile(wheel.name + ".tail", tail);
    int64_t const length = static_cast<int64_t>(head.size() + tail.size()) + wheel.size;
    return absl::StrCat("{ cat '", head_file, "'; /usr/bin/curl -sfL '", wheel.download_url,
                        "'; cat '", tail_file, "'; } | /usr/bin/curl -sf -o /dev/null -X POST -T - ",
                        "-H 'Content-Type: multipart/form-data; boundary=", boundary, "' ",
                        "-H 'Content-Length: ", length, "' -H 'Transfer-Encoding:' ",
                        "-u '__token__:", raw_pypi_->pypi_token(), "' '", raw_pypi_->PypiUploadUrl(), "'");
  }

  absl::Duration RawCopy() {
    std::vector<std::string> scripts;
    for (auto const& wheel : wheels_) scripts.push_back(RawCopyScript(wheel));
    std::string const all = dir_.WriteFile("raw-copy.sh", absl::StrJoin(scripts, "\n") + "\n");
    // xargs -P: `parallel` at once, like the publisher's uploads.
    absl::Time start = absl::Now();
    auto copied = RunCommand({"/bin/bash", "-c",
                              absl::StrCat("tr '\\n' '\\0' < '", all, "' | xargs -0 -P ",
                                           options_.parallel, " -n 1 /bin/bash -c")},
                             dir_.path() + "/raw-copy.log", absl::Minutes(10));
    absl::Duration elapsed = absl::Now() - start;
    if (!copied.ok() || copied->exit_code != 0) Fail("the raw copy failed: see raw-copy.log");
    ExpectAllStored(*raw_pypi_, "the raw copy");
    return elapsed;
  }

  absl::Duration Publish() {
    auto stub = v1::PublisherService::NewStub(
        testing::TlsChannel(publisher_port_, ca_.ca_pem(), &operator_));
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::minutes(10));
    v1::PublishRequest request;
    request.set_tag(tag_);
    request.add_override_checks("assets");
    request.set_override_reason("bench/publish attached its wheels after publication");
    absl::Time start = absl::Now();
    auto reader = stub->Publish(&context, request);
    v1::PublishEvent event;
    bool promoted = false;
    while (reader->Read(&event)) {
      if (event.has_done()) promoted = event.done().promoted();
    }
    grpc::Status status = reader->Finish();
    absl::Duration elapsed = absl::Now() - start;
    if (!status.ok()) Fail(absl::StrCat("Publish failed: ", status.error_message()));
    if (!promoted) Fail("Publish ended without promoting");
    ExpectAllStored(*pypi_, "the publish");
    return elapsed;
  }

  Options options_;
  TempDir dir_;
  TestCa ca_{"publish-bench"};
  std::string ca_file_;
  KeyPair operator_;
  std::unique_ptr<SandboxProcess> github_;
  std::unique_ptr<SandboxProcess> baseline_pypi_, raw_pypi_, pypi_;  // one PyPI per run
  std::unique_ptr<http::Client> http_;
  std::unique_ptr<github::RestApi> api_;
  std::optional<Subprocess> candidate_, verifier_, publisher_;
  int candidate_port_ = 0, verifier_port_ = 0, publisher_port_ = 0;
  int token_files_ = 0;
  std::string tag_;
  std::vector<Wheel> wheels_;
  int64_t total_bytes_ = 0;
};

Options ParseOptions(int argc, char** argv) {
  Options options;
  for (int i = 1; i < argc; ++i) {
    absl::string_view arg = argv[i];
    int* target = nullptr;
    if (absl::ConsumePrefix(&arg, "--wheels=")) target = &options.wheels;
    else if (absl::ConsumePrefix(&arg, "--mib=")) target = &options.mib;
    else if (absl::ConsumePrefix(&arg, "--parallel=")) target = &options.parallel;
    if (target == nullptr || !absl::SimpleAtoi(arg, target) || *target <= 0) {
      std::fprintf(stderr, "usage: stablecut_publish_bench [--wheels=16] [--mib=64] [--parallel=4]\n");
      std::exit(2);
    }
  }
  return options;
}

}  // namespace
}  // namespace stablecut

int main(int argc, char** argv) {
  signal(SIGPIPE, SIG_IGN);
  stablecut::Options options = stablecut::ParseOptions(argc, argv);
  try {
    stablecut::Bench bench(options);
    bench.Setup();
    bench.Run();
  } catch (stablecut::CouldNotRun const& error) {
    std::fprintf(stderr, "publish_bench: could not run: %s\n", error.what.c_str());
    return 1;
  }
  return 0;
}
