#pragma once
// A running stablecut-sandbox for tests: its own state directory, its port, its tokens, and
// its control API (faults, clock, state dump).

#include <memory>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "tests/testing/subprocess.h"
#include "tests/testing/temp_dir.h"

namespace stablecut::testing {

class SandboxProcess {
 public:
  // Starts the sandbox seeded with `seed` ("demo" or "none") and waits for its port.
  static absl::StatusOr<std::unique_ptr<SandboxProcess>> Start(std::string const& seed = "demo");
  ~SandboxProcess();

  int port() const { return port_; }
  std::string const& state_dir() const { return dir_.path(); }
  std::string BaseUrl() const;           // http://127.0.0.1:<port>
  std::string GitHubApiUrl() const;      // …/github
  std::string GitHubUploadsUrl() const;  // …/github-uploads
  std::string PypiUploadUrl() const;     // …/pypi/legacy/
  std::string PypiJsonUrl() const;       // …/pypi/pypi
  std::string PypiSimpleUrl() const;     // …/pypi/simple/

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

  // Stops it (SIGTERM) and returns the exit code.
  absl::StatusOr<int> Stop();
  // Starts it again on the same state directory (a new port).
  absl::Status Restart();

 private:
  SandboxProcess() = default;
  absl::Status Launch(std::string const& seed);
  std::string ReadToken(std::string const& name) const;

  TempDir dir_;
  std::optional<Subprocess> process_;
  int port_ = 0;
  int launches_ = 0;
};

}  // namespace stablecut::testing
