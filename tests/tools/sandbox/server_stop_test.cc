// SandboxServer::Stop() called before Serve() has started: the stop must not be lost. A
// SIGTERM that arrived just after "sandbox listening" used to leave the sandbox serving for good.
#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <thread>

#include "tests/testing/temp_dir.h"
#include "tools/sandbox/sandbox_server.h"

namespace stablecut::testing {
namespace {

TEST(SandboxServerStop, AStopRequestedBeforeServeStartsEndsServe) {
  TempDir dir;
  sandbox::SandboxOptions options;
  options.state_dir = dir.path() + "/state";
  auto server = sandbox::SandboxServer::Create(options);
  ASSERT_TRUE(server.ok()) << server.status();
  ASSERT_TRUE((*server)->Bind(0).ok());

  std::thread stopper([&server] { (*server)->Stop(); });
  // Stop() is now running while nothing serves yet: the window the lost SIGTERM fell into.
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  auto served = std::async(std::launch::async, [&server] { return (*server)->Serve(); });
  std::future_status ended = served.wait_for(std::chrono::seconds(20));
  EXPECT_EQ(ended, std::future_status::ready) << "Serve() ignored a Stop() made before it";
  if (ended != std::future_status::ready) (*server)->http().stop();  // unblock for teardown
  stopper.join();
  EXPECT_TRUE(served.get());
}

}  // namespace
}  // namespace stablecut::testing
