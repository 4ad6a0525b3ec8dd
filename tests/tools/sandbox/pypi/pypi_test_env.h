#pragma once
// Runs the sandbox PyPI in-process on 127.0.0.1 (port 0) for the tests, with a settable
// clock, and drives it with real clients: curl, Debian's twine and pip.

#include <memory>
#include <string>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "tests/testing/temp_dir.h"
#include "tools/sandbox/pypi/pypi_index.h"

namespace stablecut::testing {
class LoopbackServer;
}

namespace stablecut::sandbox::testing {

inline constexpr char kToken[] = "pypi-sandbox-test-token-3f9a";

// An HTTP answer as curl saw it.
struct CurlResult {
  int status = 0;
  std::string body;
  std::string headers;  // the raw response header block
};

class PypiTestServer {
 public:
  // Serves a PypiIndex whose state lives in `state_dir`, with PyPI's size limits or `limits`.
  explicit PypiTestServer(std::string state_dir, pypi::UploadLimits limits = {});
  ~PypiTestServer();

  int port() const { return port_; }
  std::string base_url() const;  // http://127.0.0.1:<port>/pypi
  PypiIndex& index() { return *index_; }
  void AdvanceClock(absl::Duration by);

 private:
  absl::Time Now();

  absl::Mutex clock_mu_;
  absl::Time now_ ABSL_GUARDED_BY(clock_mu_) = absl::FromUnixSeconds(1767225600);  // 2026-01-01
  std::unique_ptr<PypiIndex> index_;
  std::unique_ptr<stablecut::testing::LoopbackServer> server_;
  int port_ = 0;
};

// Runs /usr/bin/curl with `args` (after -s, -D and -o); logs under `work_dir`.
CurlResult Curl(std::string const& work_dir, std::vector<std::string> const& args);

// The lowercase hex sha256 of a file's contents.
std::string Sha256OfFile(std::string const& path);

// The multipart fields twine would send for `wheel_path` (project `name`, `version`).
std::vector<std::string> UploadFormArgs(std::string const& wheel_path, std::string const& name,
                                        std::string const& version);

}  // namespace stablecut::sandbox::testing
