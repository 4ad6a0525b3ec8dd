#pragma once
// A test fixture running a demo-seeded sandbox in a temporary directory.

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "tests/testing/sandbox_process.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/temp_dir.h"

namespace stablecut::testing {

class SandboxTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto started = SandboxProcess::StartOn(state_dir(), "demo", dir_.path() + "/sandbox.log",
                                           build_delay_ms_);
    ASSERT_THAT(started, IsOk());
    sandbox_ = *std::move(started);
  }

  std::string state_dir() const { return dir_.path() + "/state"; }
  SandboxProcess& sandbox() { return *sandbox_; }
  std::string write() const { return sandbox_->write_token(); }
  std::string read() const { return sandbox_->read_token(); }

  // The release JSON of the first release in the write token's list matching `predicate`.
  template <typename Predicate>
  nlohmann::json FindRelease(Predicate predicate) {
    auto list = sandbox_->Get(SandboxProcess::Demo("/releases?per_page=100"), write()).Json();
    for (auto const& release : list) {
      if (predicate(release)) return release;
    }
    return nullptr;
  }

  TempDir dir_;
  // The sandbox's --build_delay_ms; a fixture that wants build.yml run sets it >= 0.
  int build_delay_ms_ = SandboxProcess::kNoBuilds;
  std::unique_ptr<SandboxProcess> sandbox_;
};

}  // namespace stablecut::testing
