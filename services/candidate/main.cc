// stablecut-candidate: cuts, finalizes and promotes daily candidate releases on GitHub.

#include "lib/service_main/service_main.h"
#include "services/candidate/candidate_app.h"
#include "stablecut/v1/config.pb.h"

int main(int argc, char** argv) {
  using stablecut::service_main::ServiceBinary;
  ServiceBinary binary;
  binary.name = "stablecut-candidate";
  binary.summary =
      "cuts daily candidate-YYYYMMDD.N pre-releases on GitHub, finalizes "
      "them when their wheels are attached, and promotes one to stable when the publisher asks.";
  binary.default_listen = "127.0.0.1:50051";
  binary.default_health_listen = "127.0.0.1:8081";
  binary.new_config = [] { return std::make_unique<stablecut::v1::CandidateServiceConfig>(); };
  binary.service_names = {"stablecut.v1.CandidateService"};
  binary.make_app = [](google::protobuf::Message const& config,
                       stablecut::config::ConfigFile const& file,
                       stablecut::server::RpcGuard const& guard) {
    return stablecut::candidate::MakeCandidateApp(
        file, static_cast<stablecut::v1::CandidateServiceConfig const&>(config), guard);
  };
  return stablecut::service_main::Run(argc, argv, binary);
}
