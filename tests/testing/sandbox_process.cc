#include "tests/testing/sandbox_process.h"

#include <signal.h>

#include <httplib.h>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace stablecut::testing {

absl::StatusOr<std::unique_ptr<SandboxProcess>> SandboxProcess::Start(std::string const& seed) {
  std::unique_ptr<SandboxProcess> sandbox(new SandboxProcess());
  if (auto status = sandbox->Launch(seed); !status.ok()) return status;
  return sandbox;
}

SandboxProcess::~SandboxProcess() {
  if (process_) {
    process_->Signal(SIGTERM);
    (void)process_->Wait();
  }
}

absl::Status SandboxProcess::Launch(std::string const& seed) {
  std::string state = absl::StrCat(dir_.path(), "/state");
  auto process = Subprocess::Start({STABLECUT_SANDBOX_BINARY, "--port=0", "--state_dir=" + state,
                                    "--seed=" + seed},
                                   absl::StrCat(dir_.path(), "/sandbox-", ++launches_, ".log"));
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
  return Launch("demo");
}

std::string SandboxProcess::BaseUrl() const { return absl::StrCat("http://127.0.0.1:", port_); }
std::string SandboxProcess::GitHubApiUrl() const { return BaseUrl() + "/github"; }
std::string SandboxProcess::GitHubUploadsUrl() const { return BaseUrl() + "/github-uploads"; }
std::string SandboxProcess::PypiUploadUrl() const { return BaseUrl() + "/pypi/legacy/"; }
std::string SandboxProcess::PypiJsonUrl() const { return BaseUrl() + "/pypi/pypi"; }
std::string SandboxProcess::PypiSimpleUrl() const { return BaseUrl() + "/pypi/simple/"; }

std::string SandboxProcess::ReadToken(std::string const& name) const {
  return std::string(absl::StripAsciiWhitespace(
      ReadFileOrEmpty(absl::StrCat(dir_.path(), "/state/", name))));
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

}  // namespace stablecut::testing
