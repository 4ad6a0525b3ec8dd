// stablecut-test-server: the shared service main serving TestService, for end-to-end tests of
// the server core (config errors, signals) without any real service's logic.

#include <memory>
#include <vector>

#include "lib/log/log.h"
#include "lib/service_main/service_main.h"
#include "stablecut/testing/v1/test_service.pb.h"
#include "tests/testing/test_service.h"

namespace {

// Logs its start and stop, so tests can see when the shared main calls them.
class LoggingApp : public stablecut::service_main::App {
 public:
  explicit LoggingApp(stablecut::server::RpcGuard const& guard) : service_(guard) {}
  std::vector<grpc::Service*> Services() override { return {&service_}; }
  void Start() override { stablecut::log::Event(stablecut::log::Level::kInfo, "app started", {}); }
  void Stop() override { stablecut::log::Event(stablecut::log::Level::kInfo, "app stopped", {}); }

 private:
  stablecut::testing::TestServiceImpl service_;
};

}  // namespace

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
  binary.make_app = [](google::protobuf::Message const&, stablecut::config::ConfigFile const&,
                       stablecut::server::RpcGuard const& guard)
      -> absl::StatusOr<std::unique_ptr<stablecut::service_main::App>> {
    return std::unique_ptr<stablecut::service_main::App>(std::make_unique<LoggingApp>(guard));
  };
  return stablecut::service_main::Run(argc, argv, binary);
}
