#include "tests/testing/terminal.h"

#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"

namespace stablecut::testing {

absl::StatusOr<CommandResult> RunInTerminal(std::vector<std::string> const& argv,
                                            std::vector<std::string> const& environment,
                                            int columns, absl::Duration timeout) {
  std::vector<char*> args;
  for (auto const& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);
  std::vector<char*> variables;
  for (auto const& variable : environment) {
    variables.push_back(const_cast<char*>(variable.c_str()));
  }
  variables.push_back(nullptr);

  struct winsize size {};
  size.ws_row = 40;
  size.ws_col = static_cast<unsigned short>(columns);
  int master = -1;
  pid_t pid = forkpty(&master, nullptr, nullptr, &size);
  if (pid < 0) return absl::InternalError(absl::StrCat("forkpty: ", std::strerror(errno)));
  if (pid == 0) {
    // The child: no signal blocked (the test runner may block some), then the program.
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
    execve(args[0], args.data(), variables.data());
    _exit(127);
  }

  CommandResult result;
  absl::Time deadline = absl::Now() + timeout;
  char buffer[4096];
  while (true) {
    int wait_ms = static_cast<int>(absl::ToInt64Milliseconds(deadline - absl::Now()));
    if (wait_ms <= 0) {
      kill(pid, SIGKILL);
      waitpid(pid, nullptr, 0);
      close(master);
      return absl::DeadlineExceededError(
          absl::StrCat(argv[0], " still running on the terminal; output:\n", result.output));
    }
    struct pollfd readable {master, POLLIN, 0};
    if (poll(&readable, 1, wait_ms) <= 0) continue;
    ssize_t n = read(master, buffer, sizeof buffer);
    // Linux answers EIO once the child has closed its side of the terminal.
    if (n <= 0) break;
    result.output.append(buffer, static_cast<size_t>(n));
  }
  close(master);
  int status = 0;
  waitpid(pid, &status, 0);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return result;
}

}  // namespace stablecut::testing
