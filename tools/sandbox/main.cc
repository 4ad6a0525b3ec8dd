// stablecut-sandbox: a faithful small GitHub (and, when built in, PyPI) on loopback for
// tests and the quickstart.
#include <pthread.h>
#include <signal.h>

#include <cstdio>
#include <string>
#include <thread>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "lib/openssl/keep_through_exit.h"
#include "tools/sandbox/sandbox_server.h"

#ifdef STABLECUT_SANDBOX_HAS_PYPI
#include <nlohmann/json.hpp>

#include "tools/sandbox/pypi/pypi_index.h"
#endif

ABSL_FLAG(int, port, 0, "port on 127.0.0.1 to serve; 0 picks a free one (printed as port=)");
ABSL_FLAG(std::string, state_dir, "",
          "directory holding the state, blobs and token files (created if missing; required)");
ABSL_FLAG(int, pypi_max_file_mib, 100,
          "the PyPI's per-file limit in MiB (PyPI's default 100; real PyPI raises a project's "
          "limit on request, which this stands for)");
ABSL_FLAG(int, pypi_max_project_mib, 10240,
          "the PyPI's limit on a project's total size in MiB (PyPI's default 10 GiB; real PyPI "
          "raises it on request, which this stands for)");
ABSL_FLAG(std::string, seed, "none",
          "demo|none|passes-all|fails-<check>|<objection seed>: what a new state directory "
          "starts with (an existing one is kept); the fails-<check> and objection seeds are "
          "listed in tools/sandbox/README.md");

ABSL_FLAG(int, build_delay_ms, 2000,
          "how long a dispatched build.yml run stays queued before the sandbox builds and "
          "attaches its wheels; negative: never (runs stay queued)");

namespace {

sigset_t ShutdownSignals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  return signals;
}

}  // namespace

int main(int argc, char** argv) {
  // Before anything touches OpenSSL; see keep_through_exit.h.
  if (!stablecut::openssl::KeepThroughExit()) {
    std::fputs("stablecut-sandbox: OpenSSL failed to initialize\n", stderr);
    return 1;
  }
  absl::SetProgramUsageMessage(
      "stablecut-sandbox --state_dir=DIR [--port=N] [--seed=demo|none|passes-all|fails-<check>] "
      "[--build_delay_ms=N]");
  absl::ParseCommandLine(argc, argv);
  // Before any thread exists, so that every thread inherits the mask and one sigwaits.
  sigset_t signals = ShutdownSignals();
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  std::string state_dir = absl::GetFlag(FLAGS_state_dir);
  if (state_dir.empty()) {
    std::fprintf(stderr, "stablecut-sandbox: --state_dir is required\n");
    return 2;
  }
  namespace sandbox = stablecut::sandbox;
  sandbox::SandboxOptions options;
  options.state_dir = state_dir;
  options.seed = absl::GetFlag(FLAGS_seed);
  options.build_delay = absl::Milliseconds(absl::GetFlag(FLAGS_build_delay_ms));
  auto server = sandbox::SandboxServer::Create(options);
  if (!server.ok()) {
    std::fprintf(stderr, "stablecut-sandbox: %s\n", server.status().ToString().c_str());
    return 2;
  }
#ifdef STABLECUT_SANDBOX_HAS_PYPI
  sandbox::Clock const& clock = (*server)->clock();
  int const max_file_mib = absl::GetFlag(FLAGS_pypi_max_file_mib);
  int const max_project_mib = absl::GetFlag(FLAGS_pypi_max_project_mib);
  for (auto const& [flag, mib] : {std::pair{"pypi_max_file_mib", max_file_mib},
                                  std::pair{"pypi_max_project_mib", max_project_mib}}) {
    if (mib <= 0) {
      std::fprintf(stderr, "stablecut-sandbox: --%s must be positive, not %d\n", flag, mib);
      return 2;
    }
  }
  sandbox::pypi::UploadLimits limits;
  limits.max_file_size = static_cast<std::uint64_t>(max_file_mib) * 1024 * 1024;
  limits.max_project_size = static_cast<std::uint64_t>(max_project_mib) * 1024 * 1024;
  sandbox::PypiIndex pypi(
      state_dir, [&clock] { return clock.Now(); }, (*server)->tokens().pypi_upload(), limits);
  pypi.Register((*server)->http());
  (*server)->AddDumpSection("pypi", [&pypi] { return pypi.Dump().dump(); });
  (*server)->AddSeedHook([&pypi](std::string const& name) {
    return name == "demo" ? pypi.SeedDemo() : absl::OkStatus();
  });
  if ((*server)->seeded_demo()) {
    absl::Status seeded = pypi.SeedDemo();
    if (!seeded.ok()) {
      std::fprintf(stderr, "stablecut-sandbox: %s\n", seeded.ToString().c_str());
      return 2;
    }
  }
#endif
  auto port = (*server)->Bind(absl::GetFlag(FLAGS_port));
  if (!port.ok()) {
    std::fprintf(stderr, "stablecut-sandbox: %s\n", port.status().ToString().c_str());
    return 1;
  }
  std::printf("sandbox listening port=%d state_dir=%s\n", *port, state_dir.c_str());
  std::fflush(stdout);

  sandbox::SandboxServer* running = server->get();
  std::thread waiter([running, signals] {
    int signal_number = 0;
    while (sigwait(&signals, &signal_number) != 0) {
    }
    running->Stop();
  });
  bool served = running->Serve();
  // If serving ended by itself, wake the waiter with a signal only it receives.
  pthread_kill(waiter.native_handle(), SIGTERM);
  waiter.join();
  return served ? 0 : 1;
}
