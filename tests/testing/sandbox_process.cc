#include "tests/testing/sandbox_process.h"

#include <signal.h>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace stablecut::testing {

std::string HttpReply::Header(std::string const& name) const {
  auto it = headers.find(name);
  return it == headers.end() ? "" : it->second;
}

nlohmann::json HttpReply::Json() const {
  return nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
}

absl::StatusOr<std::unique_ptr<SandboxProcess>> SandboxProcess::Start(
    std::string const& seed, int build_delay_ms, std::vector<std::string> extra_flags) {
  std::unique_ptr<SandboxProcess> sandbox(new SandboxProcess());
  sandbox->build_delay_ms_ = build_delay_ms;
  sandbox->state_path_ = absl::StrCat(sandbox->dir_.path(), "/state");
  sandbox->state_dir_ = sandbox->dir_.path();
  sandbox->extra_flags_ = std::move(extra_flags);
  if (auto status = sandbox->Launch(seed, sandbox->NextLogPath()); !status.ok()) return status;
  return sandbox;
}

absl::StatusOr<std::unique_ptr<SandboxProcess>> SandboxProcess::StartOn(
    std::string const& state_dir, std::string const& seed, std::string const& log_path,
    int build_delay_ms) {
  std::unique_ptr<SandboxProcess> sandbox(new SandboxProcess());
  sandbox->build_delay_ms_ = build_delay_ms;
  sandbox->state_path_ = state_dir;
  sandbox->state_dir_ = state_dir;
  if (auto status = sandbox->Launch(seed, log_path); !status.ok()) return status;
  return sandbox;
}

SandboxProcess::~SandboxProcess() {
  if (process_) {
    process_->Signal(SIGTERM);
    (void)process_->Wait();
  }
}

std::string SandboxProcess::NextLogPath() const {
  return absl::StrCat(dir_.path(), "/sandbox-", launches_ + 1, ".log");
}

absl::Status SandboxProcess::Launch(std::string const& seed, std::string const& log_path) {
  ++launches_;
  std::vector<std::string> argv = {STABLECUT_SANDBOX_BINARY, "--port=0",
                                   "--state_dir=" + state_path_, "--seed=" + seed,
                                   absl::StrCat("--build_delay_ms=", build_delay_ms_)};
  argv.insert(argv.end(), extra_flags_.begin(), extra_flags_.end());
  auto process = Subprocess::Start(argv, log_path);
  if (!process.ok()) return process.status();
  process_.emplace(*std::move(process));
  auto port = process_->WaitForLoggedInt("sandbox listening", "port");
  if (!port.ok()) return port.status();
  port_ = *port;
  return absl::OkStatus();
}

absl::StatusOr<int> SandboxProcess::Stop() {
  process_->Signal(SIGTERM);
  auto code = process_->Wait();
  process_.reset();
  return code;
}

absl::Status SandboxProcess::Restart() {
  if (process_) {
    auto stopped = Stop();
    if (!stopped.ok()) return stopped.status();
  }
  return Launch("demo", NextLogPath());
}

std::string SandboxProcess::BaseUrl() const { return absl::StrCat("http://127.0.0.1:", port_); }
std::string SandboxProcess::GitHubApiUrl() const { return BaseUrl() + "/github"; }
std::string SandboxProcess::GitHubUploadsUrl() const { return BaseUrl() + "/github-uploads"; }
std::string SandboxProcess::PypiUploadUrl() const { return BaseUrl() + "/pypi/legacy/"; }
std::string SandboxProcess::PypiJsonUrl() const { return BaseUrl() + "/pypi/pypi"; }
std::string SandboxProcess::PypiSimpleUrl() const { return BaseUrl() + "/pypi/simple/"; }
std::string SandboxProcess::Url(std::string const& path) const { return BaseUrl() + path; }

std::string SandboxProcess::Demo(std::string const& suffix) {
  return "/github/repos/stablecut-demo/widgets" + suffix;
}

std::string SandboxProcess::ReadToken(std::string const& name) const {
  return std::string(
      absl::StripAsciiWhitespace(ReadFileOrEmpty(absl::StrCat(state_path_, "/", name))));
}
std::string SandboxProcess::write_token() const { return ReadToken("github-write.token"); }
std::string SandboxProcess::read_token() const { return ReadToken("github-read.token"); }
std::string SandboxProcess::pypi_token() const { return ReadToken("pypi-upload.token"); }

absl::Status SandboxProcess::InjectFault(std::string const& json) {
  httplib::Client client("127.0.0.1", port_);
  auto result = client.Post("/_control/faults", json, "application/json");
  if (!result || result->status / 100 != 2) {
    return absl::InternalError(absl::StrCat("sandbox refused the fault ", json, ": ",
                                            result ? result->body : "no answer"));
  }
  return absl::OkStatus();
}

absl::Status SandboxProcess::ClearFaults() {
  httplib::Client client("127.0.0.1", port_);
  auto result = client.Delete("/_control/faults");
  if (!result || result->status / 100 != 2) return absl::InternalError("cannot clear faults");
  return absl::OkStatus();
}

absl::StatusOr<std::string> SandboxProcess::DumpState() {
  httplib::Client client("127.0.0.1", port_);
  auto result = client.Get("/_control/state");
  if (!result || result->status != 200) return absl::InternalError("cannot dump sandbox state");
  return result->body;
}

HttpReply SandboxProcess::Send(std::string const& method, std::string const& path,
                               std::string const& token, std::string const& body,
                               httplib::Headers headers) {
  httplib::Client client("127.0.0.1", port_);
  client.set_read_timeout(30, 0);
  if (!token.empty()) headers.emplace("Authorization", "Bearer " + token);
  if (headers.find("User-Agent") == headers.end()) {
    headers.emplace("User-Agent", "stablecut-sandbox-test");
  }
  httplib::Result result{nullptr, httplib::Error::Unknown};
  if (method == "GET") {
    result = client.Get(path, headers);
  } else if (method == "POST") {
    result = client.Post(path, headers, body, "application/json");
  } else if (method == "PATCH") {
    result = client.Patch(path, headers, body, "application/json");
  } else if (method == "DELETE") {
    result = client.Delete(path, headers, body, "application/json");
  }
  HttpReply reply;
  if (!result) return reply;
  reply.status = result->status;
  reply.body = result->body;
  reply.headers = result->headers;
  return reply;
}

int SandboxProcess::CurlStatus(std::vector<std::string> const& args) {
  std::vector<std::string> argv = {STABLECUT_CURL_BINARY, "-s", "-o",
                                   "/dev/null",           "-w", "%{http_code}"};
  argv.insert(argv.end(), args.begin(), args.end());
  auto result = RunCommand(argv, process_->log_path() + ".curl");
  int status = 0;
  if (!result.ok() || !absl::SimpleAtoi(absl::StripAsciiWhitespace(result->output), &status)) {
    return -1;
  }
  return status;
}

}  // namespace stablecut::testing
