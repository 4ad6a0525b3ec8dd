#include "tests/testing/subprocess.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "tests/testing/temp_dir.h"

extern char** environ;

namespace stablecut::testing {
namespace {

constexpr absl::Duration kPollInterval = absl::Milliseconds(20);

}  // namespace

absl::StatusOr<Subprocess> Subprocess::Start(std::vector<std::string> const& argv,
                                             std::string log_path) {
  return Start(argv, std::move(log_path), "", nullptr);
}

absl::StatusOr<Subprocess> Subprocess::Start(std::vector<std::string> const& argv,
                                             std::string log_path, std::string const& err_path,
                                             std::vector<std::string> const* environment) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log_path.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC | O_APPEND, 0600);
  if (err_path.empty()) {
    posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  } else {
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, err_path.c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC | O_APPEND, 0600);
  }
  // The child starts with no signal blocked, whatever the test runner blocked.
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  sigset_t none;
  sigemptyset(&none);
  posix_spawnattr_setsigmask(&attributes, &none);
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGMASK);

  std::vector<char*> args;
  for (auto const& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);
  std::vector<char*> variables;
  if (environment != nullptr) {
    for (auto const& variable : *environment) {
      variables.push_back(const_cast<char*>(variable.c_str()));
    }
    variables.push_back(nullptr);
  }
  pid_t pid = -1;
  int error = posix_spawn(&pid, args[0], &actions, &attributes, args.data(),
                          environment != nullptr ? variables.data() : environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);
  if (error != 0) {
    return absl::InternalError(absl::StrCat("cannot start ", argv[0], ": ", strerror(error)));
  }
  return Subprocess(pid, std::move(log_path));
}

Subprocess::Subprocess(Subprocess&& other) noexcept
    : pid_(other.pid_), log_path_(std::move(other.log_path_)), exit_code_(other.exit_code_) {
  other.pid_ = -1;
}

Subprocess::~Subprocess() {
  if (pid_ > 0 && !exit_code_) {
    kill(pid_, SIGKILL);
    Reap(/*block=*/true);
  }
}

std::string Subprocess::Log() const { return ReadFileOrEmpty(log_path_); }

bool Subprocess::Reap(bool block) {
  if (exit_code_) return true;
  int status = 0;
  pid_t result = waitpid(pid_, &status, block ? 0 : WNOHANG);
  if (result != pid_) return false;
  exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return true;
}

absl::StatusOr<std::string> Subprocess::WaitForLogLine(std::string const& text,
                                                       absl::Duration timeout) {
  absl::Time deadline = absl::Now() + timeout;
  while (true) {
    bool exited = Reap(/*block=*/false);
    for (absl::string_view line : absl::StrSplit(Log(), '\n')) {
      if (line.find(text) != absl::string_view::npos) return std::string(line);
    }
    if (exited || absl::Now() > deadline) {
      return absl::DeadlineExceededError(absl::StrCat(
          "no log line with \"", text, "\"", exited ? " before the process exited" : " in time",
          "; log:\n", Log()));
    }
    absl::SleepFor(kPollInterval);
  }
}

absl::StatusOr<int> Subprocess::WaitForLoggedInt(std::string const& text,
                                                 std::string const& name) {
  auto line = WaitForLogLine(text);
  if (!line.ok()) return line.status();
  std::string key = absl::StrCat(" ", name, "=");
  auto at = line->find(key);
  if (at == std::string::npos) {
    return absl::NotFoundError(absl::StrCat("no ", name, "= in: ", *line));
  }
  absl::string_view rest = absl::string_view(*line).substr(at + key.size());
  rest = rest.substr(0, rest.find(' '));
  int value = 0;
  if (!absl::SimpleAtoi(rest, &value)) {
    return absl::InvalidArgumentError(absl::StrCat(name, " is not a number in: ", *line));
  }
  return value;
}

void Subprocess::Signal(int signal_number) const {
  if (pid_ > 0 && !exit_code_) kill(pid_, signal_number);
}

absl::StatusOr<int> Subprocess::Wait(absl::Duration timeout) {
  absl::Time deadline = absl::Now() + timeout;
  while (!Reap(/*block=*/false)) {
    if (absl::Now() > deadline) {
      return absl::DeadlineExceededError(
          absl::StrCat("process ", pid_, " still running; log:\n", Log()));
    }
    absl::SleepFor(kPollInterval);
  }
  return *exit_code_;
}

absl::StatusOr<CommandResult> RunCommand(std::vector<std::string> const& argv,
                                         std::string const& log_path, absl::Duration timeout) {
  auto process = Subprocess::Start(argv, log_path);
  if (!process.ok()) return process.status();
  auto exit_code = process->Wait(timeout);
  if (!exit_code.ok()) return exit_code.status();
  return CommandResult{*exit_code, process->Log()};
}

absl::StatusOr<ProgramResult> RunProgram(std::vector<std::string> const& argv,
                                         std::string const& log_prefix,
                                         ProgramOptions const& options) {
  std::string err_path = log_prefix + ".err";
  auto process = Subprocess::Start(argv, log_prefix + ".out", err_path, &options.environment);
  if (!process.ok()) return process.status();
  auto exit_code = process->Wait(options.timeout);
  if (!exit_code.ok()) return exit_code.status();
  return ProgramResult{*exit_code, process->Log(), ReadFileOrEmpty(err_path)};
}

}  // namespace stablecut::testing
