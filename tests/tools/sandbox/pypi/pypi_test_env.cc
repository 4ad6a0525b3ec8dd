// The in-process sandbox PyPI server and client helpers for the tests.
#include "tests/tools/sandbox/pypi/pypi_test_env.h"

#include <httplib.h>
#include <openssl/evp.h>

#include <gtest/gtest.h>

#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "tests/testing/loopback_server.h"
#include "tests/testing/subprocess.h"

namespace stablecut::sandbox::testing {

PypiTestServer::PypiTestServer(std::string state_dir, pypi::UploadLimits limits)
    : index_(std::make_unique<PypiIndex>(std::move(state_dir), [this] { return Now(); },
                                         kToken, limits)),
      server_(std::make_unique<stablecut::testing::LoopbackServer>()) {
  index_->Register(server_->server());
  port_ = server_->Start();
  EXPECT_GT(port_, 0) << "could not bind 127.0.0.1";
}

// Here, where LoopbackServer is complete. server_ is declared after index_, so the server
// stops and joins before the index it serves goes.
PypiTestServer::~PypiTestServer() = default;

std::string PypiTestServer::base_url() const {
  return absl::StrCat("http://127.0.0.1:", port_, "/pypi");
}

void PypiTestServer::AdvanceClock(absl::Duration by) {
  absl::MutexLock lock(&clock_mu_);
  now_ += by;
}

absl::Time PypiTestServer::Now() {
  absl::MutexLock lock(&clock_mu_);
  return now_;
}

CurlResult Curl(std::string const& work_dir, std::vector<std::string> const& args) {
  static int counter = 0;
  std::string stem = absl::StrCat(work_dir, "/curl-", ++counter);
  std::vector<std::string> argv = {"/usr/bin/curl", "-s", "-D", stem + ".headers", "-o",
                                   stem + ".body", "-w", "%{http_code}"};
  argv.insert(argv.end(), args.begin(), args.end());
  CurlResult result;
  auto run = stablecut::testing::RunCommand(argv, stem + ".log");
  EXPECT_TRUE(run.ok()) << run.status();
  if (!run.ok()) return result;
  EXPECT_EQ(run->exit_code, 0) << run->output;
  EXPECT_TRUE(absl::SimpleAtoi(run->output, &result.status)) << run->output;
  result.body = stablecut::testing::ReadFileOrEmpty(stem + ".body");
  result.headers = stablecut::testing::ReadFileOrEmpty(stem + ".headers");
  return result;
}

std::string Sha256OfFile(std::string const& path) {
  std::string contents = stablecut::testing::ReadFileOrEmpty(path);
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(contents.data(), contents.size(), digest, &length, EVP_sha256(), nullptr);
  return absl::BytesToHexString(absl::string_view(reinterpret_cast<char*>(digest), length));
}

std::vector<std::string> UploadFormArgs(std::string const& wheel_path, std::string const& name,
                                        std::string const& version) {
  return {"-F", "metadata_version=2.1",
          "-F", absl::StrCat("name=", name),
          "-F", absl::StrCat("version=", version),
          "-F", "pyversion=py3",
          "-F", "filetype=bdist_wheel",
          "-F", absl::StrCat("sha256_digest=", Sha256OfFile(wheel_path)),
          "-F", ":action=file_upload",
          "-F", "protocol_version=1",
          "-F", absl::StrCat("content=@", wheel_path, ";type=application/octet-stream")};
}

}  // namespace stablecut::sandbox::testing
