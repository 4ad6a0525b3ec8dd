// stablecut-publisher: the only holder of the PyPI token; publishes verified candidates.

#include <memory>

#include "lib/service_main/service_main.h"
#include "services/publisher/publisher_app.h"
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
  binary.rights = {stablecut::publisher::kOverrideRight};
  binary.make_app = [](google::protobuf::Message const& config,
                       stablecut::config::ConfigFile const& file,
                       stablecut::server::RpcGuard const& guard) {
    return stablecut::publisher::MakePublisherApp(
        file, static_cast<stablecut::v1::PublisherServiceConfig const&>(config), guard);
  };
  return stablecut::service_main::Run(argc, argv, binary);
}
