// stablecut-candidate: cuts, finalizes and promotes daily candidate releases on GitHub.

#include <memory>
#include <vector>

#include <grpcpp/impl/service_type.h>

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
  binary.make_services = [](google::protobuf::Message const& config,
                            stablecut::config::ConfigFile const& file,
                            stablecut::server::RpcGuard const& guard)
      -> absl::StatusOr<std::vector<std::unique_ptr<grpc::Service>>> {
    auto service = stablecut::candidate::MakeCandidateService(
        file, static_cast<stablecut::v1::CandidateServiceConfig const&>(config), guard);
    if (!service.ok()) return service.status();
    std::vector<std::unique_ptr<grpc::Service>> services;
    services.push_back(*std::move(service));
    return services;
  };
  return stablecut::service_main::Run(argc, argv, binary);
}
