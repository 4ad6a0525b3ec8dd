#pragma once
// stablecut.testing.v1.TestService, going through RpcGuard like every real service.

#include <atomic>

#include "lib/server/rpc_guard.h"
#include "stablecut/testing/v1/test_service.grpc.pb.h"

namespace stablecut::testing {

inline constexpr char kEchoMethod[] = "/stablecut.testing.v1.TestService/Echo";
inline constexpr char kSlowMethod[] = "/stablecut.testing.v1.TestService/Slow";

class TestServiceImpl final : public stablecut::testing::v1::TestService::Service {
 public:
  explicit TestServiceImpl(server::RpcGuard const& guard) : guard_(guard) {}

  grpc::Status Echo(grpc::ServerContext* context, v1::EchoRequest const* request,
                    v1::EchoResponse* response) override;
  grpc::Status Slow(grpc::ServerContext* context, v1::SlowRequest const* request,
                    v1::SlowResponse* response) override;

  // How many calls reached a handler body (passed the guard).
  int handled_calls() const { return handled_calls_.load(); }

 private:
  server::RpcGuard const& guard_;
  std::atomic<int> handled_calls_{0};
};

}  // namespace stablecut::testing
