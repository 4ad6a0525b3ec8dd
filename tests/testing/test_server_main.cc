// stablecut-test-server: the shared service main serving TestService, for end-to-end tests of
// the server core (config errors, signals) without any real service's logic.

#include <memory>
#include <vector>

#include "lib/service_main/service_main.h"
#include "stablecut/testing/v1/test_service.pb.h"
#include "tests/testing/test_service.h"

int main(int argc, char** argv) {
  stablecut::service_main::ServiceBinary binary;
  binary.name = "stablecut-test-server";
  binary.summary = "serves stablecut.testing.v1.TestService for tests of the server core.";
  binary.default_listen = "127.0.0.1:0";
  binary.default_health_listen = "127.0.0.1:0";
  binary.new_config = [] {
    return std::make_unique<stablecut::testing::v1::TestServerConfig>();
  };
  binary.service_names = {"stablecut.testing.v1.TestService"};
  binary.make_services = [](google::protobuf::Message const&, stablecut::config::ConfigFile const&,
                            stablecut::server::RpcGuard const& guard) {
    std::vector<std::unique_ptr<grpc::Service>> services;
    services.push_back(std::make_unique<stablecut::testing::TestServiceImpl>(guard));
    return absl::StatusOr<std::vector<std::unique_ptr<grpc::Service>>>(std::move(services));
  };
  return stablecut::service_main::Run(argc, argv, binary);
}
