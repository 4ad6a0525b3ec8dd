#pragma once
// A running stablecut-sandbox for tests: its state directory, its port, its tokens, its
// control API (faults, clock, state dump), and requests to it over real HTTP (httplib and curl).

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <httplib.h>

#include <nlohmann/json.hpp>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "tests/testing/subprocess.h"
#include "tests/testing/temp_dir.h"

namespace stablecut::testing {

// One HTTP answer as the sandbox gave it.
struct HttpReply {
  int status = 0;  // 0 when no HTTP answer came
  std::string body;
  httplib::Headers headers;

  std::string Header(std::string const& name) const;
  nlohmann::json Json() const;  // discarded (is_discarded()) when the body is not JSON
};

class SandboxProcess {
 public:
  // The sandbox's --build_delay_ms for tests that do not ask for builds: dispatched runs stay
  // queued and attach nothing, so a test decides itself what a draft holds.
  static constexpr int kNoBuilds = -1;

  // Starts the sandbox seeded with `seed` ("demo" or "none") in a temporary directory of its
  // own (state in state/, logs beside it) and waits for its port. `build_delay_ms` >= 0 makes
  // dispatched build.yml runs build and attach their wheels after that delay.
  // `extra_flags` go to the sandbox as they are (e.g. "--pypi_max_file_mib=600").
  static absl::StatusOr<std::unique_ptr<SandboxProcess>> Start(
      std::string const& seed = "demo", int build_delay_ms = kNoBuilds,
      std::vector<std::string> extra_flags = {});
  // Starts the sandbox over `state_dir`, which the caller owns (so that a second sandbox can be
  // started on it later), with its output in `log_path`, and waits for its port.
  static absl::StatusOr<std::unique_ptr<SandboxProcess>> StartOn(
      std::string const& state_dir, std::string const& seed, std::string const& log_path,
      int build_delay_ms = kNoBuilds);
  // Stops it (SIGTERM) if it still runs.
  ~SandboxProcess();

  int port() const { return port_; }
  // After Start(), its temporary directory (the state is in state/ below it); after StartOn(),
  // the given state directory.
  std::string const& state_dir() const { return state_dir_; }
  std::string BaseUrl() const;           // http://127.0.0.1:<port>
  std::string GitHubApiUrl() const;      // …/github
  std::string GitHubUploadsUrl() const;  // …/github-uploads
  std::string PypiUploadUrl() const;     // …/pypi/legacy/
  std::string PypiJsonUrl() const;       // …/pypi/pypi
  std::string PypiSimpleUrl() const;     // …/pypi/simple/
  // BaseUrl() + `path`.
  std::string Url(std::string const& path) const;
  // The demo repository's API path: "/github/repos/stablecut-demo/widgets" + suffix.
  static std::string Demo(std::string const& suffix);

  // Read from the state directory's token files.
  std::string write_token() const;  // contents:write
  std::string read_token() const;   // read-only
  std::string pypi_token() const;

  // POSTs `json` to /_control/faults: e.g.
  // {"method":"GET","path_regex":"/github/repos/.*","status":503,"count":2}.
  absl::Status InjectFault(std::string const& json);
  absl::Status ClearFaults();
  // The control API's state dump (JSON text).
  absl::StatusOr<std::string> DumpState();
  // Everything the sandbox printed.
  std::string Output() const { return process_->Log(); }
  // The running process (until Stop()).
  Subprocess& process() { return *process_; }

  // One request; `token` empty = no Authorization header.
  HttpReply Send(std::string const& method, std::string const& path, std::string const& token,
                 std::string const& body = "", httplib::Headers headers = {});
  HttpReply Get(std::string const& path, std::string const& token, httplib::Headers headers = {}) {
    return Send("GET", path, token, "", std::move(headers));
  }
  // curl's view: runs `curl -s -o /dev/null -w %{http_code}` plus `args`; the status code, or
  // -1 when curl printed none.
  int CurlStatus(std::vector<std::string> const& args);

  // Stops it (SIGTERM) and returns the exit code.
  absl::StatusOr<int> Stop();
  // Starts it again on the same state directory (a new port).
  absl::Status Restart();

 private:
  SandboxProcess() = default;
  absl::Status Launch(std::string const& seed, std::string const& log_path);
  std::string NextLogPath() const;
  std::string ReadToken(std::string const& name) const;

  TempDir dir_;
  std::string state_path_;  // the sandbox's --state_dir
  std::string state_dir_;   // what state_dir() reports
  std::optional<Subprocess> process_;
  int port_ = 0;
  int launches_ = 0;
  int build_delay_ms_ = kNoBuilds;
  std::vector<std::string> extra_flags_;
};

}  // namespace stablecut::testing
