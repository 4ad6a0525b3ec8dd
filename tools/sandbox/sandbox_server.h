#pragma once
// stablecut-sandbox's HTTP server: GitHub API, uploads and storage hosts and the control
// API on one loopback port, with fault injection and a log of requests around them all.

#include <atomic>
#include <functional>
#include <memory>
#include <string>

#include <httplib.h>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "tools/sandbox/build_runner.h"
#include "tools/sandbox/clock.h"
#include "tools/sandbox/control_api.h"
#include "tools/sandbox/faults.h"
#include "tools/sandbox/github_router.h"
#include "tools/sandbox/rate_limiter.h"
#include "tools/sandbox/request_log.h"
#include "tools/sandbox/state_store.h"
#include "tools/sandbox/tokens.h"

namespace stablecut::sandbox {

struct SandboxOptions {
  std::string state_dir;
  // "demo", "none" or a per-criterion seed (criterion_seeds.h); applied only to a new state
  // directory.
  std::string seed = "none";
  // How long a dispatched build.yml run stays queued before it runs (build_runner.h);
  // negative: never, every run stays queued.
  absl::Duration build_delay = absl::Seconds(2);
};

class SandboxServer {
 public:
  // Opens (or creates) the state directory and its tokens, and seeds a new one.
  // INVALID_ARGUMENT for an unknown seed; FAILED_PRECONDITION when the directory is unusable.
  static absl::StatusOr<std::unique_ptr<SandboxServer>> Create(SandboxOptions options);

  // The server, for other indexes to register their routes (e.g. /pypi/) before Bind().
  httplib::Server& http() { return http_; }
  Clock const& clock() const { return clock_; }
  Tokens const& tokens() const { return tokens_; }
  // True when Create() seeded the demo into a new directory.
  bool seeded_demo() const { return seeded_demo_; }

  // Adds `name` to the control dump (JSON text from `json_text`).
  void AddDumpSection(std::string name, std::function<std::string()> json_text);
  // Runs after the GitHub state is reseeded through the control API.
  void AddSeedHook(std::function<absl::Status(std::string const& name)> hook);

  // Binds 127.0.0.1:`port` (0 = any free port) and registers every route; returns the port.
  absl::StatusOr<int> Bind(int port);
  // Serves until Stop(); false if the server failed.
  bool Serve();
  // Stops serving and the build runner (a build in progress finishes first). Called from
  // another thread; if Serve() has not started yet, waits for it to start, then stops it.
  void Stop();

 private:
  SandboxServer() = default;
  absl::Status Seed(std::string const& name);
  // No-delay sockets, long kept-alive connections, a worker pool that grows with them, a
  // listen backlog wide enough for bursts of connections.
  void ConfigureConnections();
  void InstallHooks();

  std::unique_ptr<StateStore> store_;
  Clock clock_;
  Tokens tokens_;
  RateLimiter rate_limiter_;
  FaultList faults_;
  RequestLog requests_;
  GitHubEnv env_;
  std::unique_ptr<BuildRunner> builds_;
  std::unique_ptr<GitHubRouter> router_;  // its routes point to it
  ControlContext control_;
  std::vector<std::function<absl::Status(std::string const&)>> seed_hooks_;
  bool seeded_demo_ = false;
  std::atomic<int> delaying_{0};  // requests whose answer a latency fault is holding back now
  int listen_socket_ = -1;  // httplib's listening socket, once created
  std::atomic<bool> serve_returned_{false};
  httplib::Server http_;
};

}  // namespace stablecut::sandbox
