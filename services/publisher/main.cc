// stablecut-publisher: the only holder of the PyPI token; publishes verified candidates.

#include <memory>
#include <vector>

#include "lib/service_main/service_main.h"
#include "services/publisher/publisher_service.h"
#include "stablecut/v1/config.pb.h"

int main(int argc, char** argv) {
  using stablecut::service_main::ServiceBinary;
  ServiceBinary binary;
  binary.name = "stablecut-publisher";
  binary.summary =
      "asks the verifier for a fresh verdict, streams a candidate's wheels "
      "from its GitHub release to PyPI, and has the release promoted.";
  binary.default_listen = "127.0.0.1:50053";
  binary.default_health_listen = "127.0.0.1:8083";
  binary.new_config = [] { return std::make_unique<stablecut::v1::PublisherServiceConfig>(); };
  binary.service_names = {"stablecut.v1.PublisherService"};
  binary.make_app = [](google::protobuf::Message const&, stablecut::config::ConfigFile const&,
                       stablecut::server::RpcGuard const& guard)
      -> absl::StatusOr<std::unique_ptr<stablecut::service_main::App>> {
    std::vector<std::unique_ptr<grpc::Service>> services;
    services.push_back(std::make_unique<stablecut::publisher::PublisherServiceImpl>(guard));
    return stablecut::service_main::ServicesApp(std::move(services));
  };
  return stablecut::service_main::Run(argc, argv, binary);
}
