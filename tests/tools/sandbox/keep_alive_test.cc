// Requests on a reused connection are answered at once (issue #17): no Nagle-versus-delayed-
// ACK wait of ~40 ms per request, and idle kept-alive connections do not keep new ones
// waiting for a worker.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "tests/testing/loopback_http.h"
#include "tests/tools/sandbox/sandbox_fixture.h"

namespace stablecut::testing {
namespace {

using SandboxKeepAlive = SandboxTest;

// The 14 KB list of the issue: large enough that httplib writes headers and body apart.
std::string const kReleases = SandboxProcess::Demo("/releases?per_page=5");

TEST_F(SandboxKeepAlive, FiftyRequestsOnOneConnectionAreNotDelayed) {
  auto connection = LoopbackConnection::Connect(sandbox().port());
  ASSERT_THAT(connection, IsOk());
  std::string auth = absl::StrCat("Authorization: Bearer ", read(), "\r\n");
  absl::Time start = absl::Now();
  for (int i = 0; i < 50; ++i) {
    auto reply = connection->Get(kReleases, auth);
    ASSERT_THAT(reply, IsOk()) << "request " << i;
    ASSERT_EQ(reply->status, 200) << reply->head;
    ASSERT_GT(reply->body_size, 10000);
    // The same connection throughout: the server never asks to close it.
    ASSERT_FALSE(reply->server_closes) << "request " << i << " of 50";
  }
  absl::Duration elapsed = absl::Now() - start;
  // ~50 ms here; with Nagle on it took 50 x ~44 ms = ~2.2 s. Generous for a loaded machine.
  EXPECT_LT(elapsed, absl::Seconds(1)) << "50 kept-alive requests took " << elapsed;
}

TEST_F(SandboxKeepAlive, IdleKeptAliveConnectionsDoNotBlockANewOne) {
  // More idle kept-alive connections than any fixed pool the sandbox had (8 on 2 cores).
  std::vector<LoopbackConnection> idle;
  for (int i = 0; i < 40; ++i) {
    auto connection = LoopbackConnection::Connect(sandbox().port());
    ASSERT_THAT(connection, IsOk());
    auto reply = connection->Get(SandboxProcess::Demo(""), absl::StrCat("Authorization: Bearer ", read(), "\r\n"));
    ASSERT_THAT(reply, IsOk()) << "connection " << i;
    ASSERT_EQ(reply->status, 200);
    idle.push_back(*std::move(connection));
  }
  // A new connection is served now, not after an idle one times out (5 s).
  absl::Time start = absl::Now();
  auto fresh = LoopbackConnection::Connect(sandbox().port());
  ASSERT_THAT(fresh, IsOk());
  auto reply = fresh->Get(SandboxProcess::Demo(""), absl::StrCat("Authorization: Bearer ", read(), "\r\n"));
  ASSERT_THAT(reply, IsOk());
  EXPECT_EQ(reply->status, 200);
  EXPECT_LT(absl::Now() - start, absl::Seconds(2));
  // And every idle connection still works.
  for (auto& connection : idle) {
    auto again = connection.Get(SandboxProcess::Demo(""), absl::StrCat("Authorization: Bearer ", read(), "\r\n"));
    ASSERT_THAT(again, IsOk());
    EXPECT_EQ(again->status, 200);
  }
}

}  // namespace
}  // namespace stablecut::testing
