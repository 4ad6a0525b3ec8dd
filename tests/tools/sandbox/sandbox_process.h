#pragma once
// Starts stablecut-sandbox for a test and talks to it over real HTTP (httplib and curl).
// TODO(lead): move to tests/testing/ once other test binaries need the sandbox (#3).

#include <memory>
#include <string>
#include <vector>

#include <httplib.h>

#include <nlohmann/json.hpp>

#include "absl/status/statusor.h"
#include "tests/testing/subprocess.h"
#include "tests/testing/temp_dir.h"

namespace stablecut::testing {

struct HttpReply {
  int status = 0;  // 0 when no HTTP answer came
  std::string body;
  httplib::Headers headers;

  std::string Header(std::string const& name) const;
  nlohmann::json Json() const;  // discarded (is_discarded()) when the body is not JSON
};

class SandboxProcess {
 public:
  // Starts the sandbox on port 0 over `state_dir` and waits for its "listening" line.
  static absl::StatusOr<std::unique_ptr<SandboxProcess>> Start(std::string const& state_dir,
                                                               std::string const& seed,
                                                               std::string const& log_path);

  int port() const { return port_; }
  std::string const& write_token() const { return write_token_; }
  std::string const& read_token() const { return read_token_; }
  std::string Url(std::string const& path) const;
  // The demo repository's API path: "/github/repos/stablecut-demo/widgets" + suffix.
  static std::string Demo(std::string const& suffix);
  Subprocess& process() { return *process_; }

  // One request; `token` empty = no Authorization header.
  HttpReply Send(std::string const& method, std::string const& path, std::string const& token,
                 std::string const& body = "", httplib::Headers headers = {});
  HttpReply Get(std::string const& path, std::string const& token, httplib::Headers headers = {}) {
    return Send("GET", path, token, "", std::move(headers));
  }
  // curl's view: runs `curl -s -o /dev/null -w %{http_code}` plus `args`; the status code.
  int CurlStatus(std::vector<std::string> const& args);

 private:
  std::unique_ptr<Subprocess> process_;
  int port_ = 0;
  std::string write_token_;
  std::string read_token_;
  std::string log_dir_;
};

}  // namespace stablecut::testing
