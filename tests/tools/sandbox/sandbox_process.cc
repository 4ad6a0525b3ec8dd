// The sandbox launcher and HTTP helpers for sandbox tests.
#include "tests/tools/sandbox/sandbox_process.h"

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

absl::StatusOr<std::unique_ptr<SandboxProcess>> SandboxProcess::Start(std::string const& state_dir,
                                                                      std::string const& seed,
                                                                      std::string const& log_path) {
  auto process = Subprocess::Start(
      {STABLECUT_SANDBOX_BINARY, "--state_dir=" + state_dir, "--seed=" + seed, "--port=0"},
      log_path);
  if (!process.ok()) return process.status();
  auto sandbox = std::make_unique<SandboxProcess>();
  sandbox->process_ = std::make_unique<Subprocess>(*std::move(process));
  auto port = sandbox->process_->WaitForLoggedInt("sandbox listening", "port");
  if (!port.ok()) return port.status();
  sandbox->port_ = *port;
  sandbox->write_token_ =
      std::string(absl::StripAsciiWhitespace(ReadFileOrEmpty(state_dir + "/github-write.token")));
  sandbox->read_token_ =
      std::string(absl::StripAsciiWhitespace(ReadFileOrEmpty(state_dir + "/github-read.token")));
  sandbox->log_dir_ = log_path + ".d";
  return sandbox;
}

std::string SandboxProcess::Url(std::string const& path) const {
  return absl::StrCat("http://127.0.0.1:", port_, path);
}

std::string SandboxProcess::Demo(std::string const& suffix) {
  return "/github/repos/stablecut-demo/widgets" + suffix;
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
