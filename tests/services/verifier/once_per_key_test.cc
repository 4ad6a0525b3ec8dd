#include "services/verifier/once_per_key.h"

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace stablecut::verifier {
namespace {

TEST(OncePerKey, ConcurrentCallersOfOneKeyShareOneFetch) {
  OncePerKey<int> values;
  std::atomic<int> fetches{0};
  std::vector<std::thread> callers;
  std::vector<int> got(8, 0);
  for (int i = 0; i < 8; ++i) {
    callers.emplace_back([&, i] {
      got[i] = values.Get("commit-a", [&] {
        ++fetches;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));  // others arrive meanwhile
        return 7;
      });
    });
  }
  for (auto& caller : callers) caller.join();
  EXPECT_EQ(fetches.load(), 1);
  for (int value : got) EXPECT_EQ(value, 7);
  EXPECT_EQ(values.Get("commit-b", [&] { ++fetches; return 9; }), 9);
  EXPECT_EQ(values.Get("commit-a", [&] { ++fetches; return 0; }), 7);
  EXPECT_EQ(fetches.load(), 2);
}

}  // namespace
}  // namespace stablecut::verifier
