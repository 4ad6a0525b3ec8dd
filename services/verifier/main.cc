// stablecut-verifier: decides whether a candidate may be promoted to stable.

#include <memory>
#include <vector>

#include "lib/service_main/service_main.h"
#include "services/verifier/verifier_service.h"
#include "stablecut/v1/config.pb.h"

int main(int argc, char** argv) {
  using stablecut::service_main::ServiceBinary;
  ServiceBinary binary;
  binary.name = "stablecut-verifier";
  binary.summary =
      "decides whether a candidate may be promoted (age, CI, default branch, "
      "P0 regressions, holds, LLVM pin, assets).";
  binary.default_listen = "127.0.0.1:50052";
  binary.default_health_listen = "127.0.0.1:8082";
  binary.new_config = [] { return std::make_unique<stablecut::v1::VerifierServiceConfig>(); };
  binary.service_names = {"stablecut.v1.VerifierService"};
  binary.make_app = [](google::protobuf::Message const&, stablecut::config::ConfigFile const&,
                       stablecut::server::RpcGuard const& guard)
      -> absl::StatusOr<std::unique_ptr<stablecut::service_main::App>> {
    std::vector<std::unique_ptr<grpc::Service>> services;
    services.push_back(std::make_unique<stablecut::verifier::VerifierServiceImpl>(guard));
    return stablecut::service_main::ServicesApp(std::move(services));
  };
  return stablecut::service_main::Run(argc, argv, binary);
}
