// stablecut: the command-line client of the candidate, verifier and publisher services.

#include <sys/ioctl.h>
#include <unistd.h>

#include <cstdlib>
#include <iostream>

#include "lib/openssl/keep_through_exit.h"
#include "tools/cli/app.h"

int main(int argc, char** argv) {
  // Before gRPC touches OpenSSL; see keep_through_exit.h.
  if (!stablecut::openssl::KeepThroughExit()) {
    std::cerr << "stablecut: OpenSSL failed to initialize\n";
    return 1;
  }
  bool terminal = isatty(STDOUT_FILENO) == 1;
  struct winsize size {};
  int columns = 80;
  if (terminal && ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) {
    columns = size.ws_col;
  }
  stablecut::cli::Io io{std::cout, std::cerr, terminal, columns,
                        [](std::string const& name) -> std::optional<std::string> {
                          char const* value = std::getenv(name.c_str());
                          if (value == nullptr) return std::nullopt;
                          return std::string(value);
                        }};
  return stablecut::cli::Run(argc, argv, io);
}
