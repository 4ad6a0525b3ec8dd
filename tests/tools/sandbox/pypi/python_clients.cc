#include "tests/tools/sandbox/pypi/python_clients.h"

#include <gtest/gtest.h>

#include "absl/time/time.h"

namespace stablecut::sandbox::testing {
namespace {

// The sandbox listens on loopback: a proxy from the environment must not see the requests.
constexpr char kNoProxy[] = "127.0.0.1,localhost";

}  // namespace

std::vector<std::string> TwineUploadCommand(std::string const& upload_url,
                                            std::string const& password,
                                            std::string const& wheel,
                                            std::vector<std::string> const& extra) {
  std::vector<std::string> command = {
      "/usr/bin/env", "-u", "TWINE_REPOSITORY", "-u", "TWINE_REPOSITORY_URL", "-u", "TWINE_CERT",
      std::string("NO_PROXY=") + kNoProxy, std::string("no_proxy=") + kNoProxy, "COLUMNS=400",
      "/usr/bin/twine", "upload", "--non-interactive", "--disable-progress-bar",
      "--repository-url", upload_url, "-u", "__token__", "-p", password};
  command.insert(command.end(), extra.begin(), extra.end());
  command.push_back(wheel);
  return command;
}

std::vector<std::string> PipDownloadCommand(std::string const& simple_url,
                                            std::string const& into,
                                            std::string const& requirement) {
  return {"/usr/bin/env", "-u", "PIP_FIND_LINKS", "-u", "PIP_INDEX_URL", "-u",
          "PIP_EXTRA_INDEX_URL", "-u", "PIP_NO_INDEX", "PIP_CONFIG_FILE=/dev/null",
          std::string("NO_PROXY=") + kNoProxy, std::string("no_proxy=") + kNoProxy,
          "/usr/bin/python3", "-m", "pip", "download", "--no-deps", "--no-cache-dir",
          "--disable-pip-version-check", "--index-url", simple_url, "-d", into, requirement};
}

stablecut::testing::CommandResult RunClient(std::vector<std::string> const& command,
                                            std::string const& log_path) {
  auto result = stablecut::testing::RunCommand(command, log_path, absl::Seconds(90));
  EXPECT_TRUE(result.ok()) << result.status();
  return result.ok() ? *result : stablecut::testing::CommandResult{};
}

}  // namespace stablecut::sandbox::testing
