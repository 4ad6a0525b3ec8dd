#pragma once
// A child process for end-to-end tests: its stdout and stderr go to a log file that the test
// can wait on; it is killed if the test forgets it.

#include <sys/types.h>

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace stablecut::testing {

class Subprocess {
 public:
  // Starts `argv[0]` (a path) with `argv`; output goes to `log_path`.
  static absl::StatusOr<Subprocess> Start(std::vector<std::string> const& argv,
                                          std::string log_path);
  // The same, with stderr to `err_path` unless it is empty, and `environment` ("NAME=value")
  // as the whole environment unless it is null (then the test's own).
  static absl::StatusOr<Subprocess> Start(std::vector<std::string> const& argv,
                                          std::string log_path, std::string const& err_path,
                                          std::vector<std::string> const* environment);
  ~Subprocess();
  Subprocess(Subprocess&& other) noexcept;
  Subprocess& operator=(Subprocess&&) = delete;

  pid_t pid() const { return pid_; }
  std::string const& log_path() const { return log_path_; }
  std::string Log() const;

  // Polls the log until a line contains `text`; returns that line. DEADLINE_EXCEEDED naming
  // `text` (with the log) when it does not come in time, or the process exits first.
  absl::StatusOr<std::string> WaitForLogLine(std::string const& text,
                                             absl::Duration timeout = absl::Seconds(20));
  // The value of `name=` in the first log line containing `text` (e.g. "serving", "port").
  absl::StatusOr<int> WaitForLoggedInt(std::string const& text, std::string const& name);

  void Signal(int signal_number) const;
  // Waits for the process to end; returns its exit code (128+N when killed by signal N).
  absl::StatusOr<int> Wait(absl::Duration timeout = absl::Seconds(30));

 private:
  Subprocess(pid_t pid, std::string log_path) : pid_(pid), log_path_(std::move(log_path)) {}
  bool Reap(bool block);

  pid_t pid_ = -1;
  std::string log_path_;
  std::optional<int> exit_code_;
};

// Runs a command to completion with output captured; returns exit code and output.
struct CommandResult {
  int exit_code = -1;
  std::string output;  // stdout and stderr, interleaved
};
absl::StatusOr<CommandResult> RunCommand(std::vector<std::string> const& argv,
                                         std::string const& log_path,
                                         absl::Duration timeout = absl::Seconds(60));

// Runs a command as a script would: its own environment, stdout and stderr apart.
struct ProgramOptions {
  std::vector<std::string> environment;  // the child's whole environment, "NAME=value"
  absl::Duration timeout = absl::Seconds(60);
};
struct ProgramResult {
  int exit_code = -1;
  std::string out;  // stdout
  std::string err;  // stderr
};
// Output goes to `log_prefix`.out and `log_prefix`.err, then is read back.
absl::StatusOr<ProgramResult> RunProgram(std::vector<std::string> const& argv,
                                         std::string const& log_prefix,
                                         ProgramOptions const& options);

}  // namespace stablecut::testing
