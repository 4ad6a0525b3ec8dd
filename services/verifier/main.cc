// stablecut-verifier: decides whether a candidate may be promoted to stable.

#include <memory>

#include "lib/service_main/service_main.h"
#include "services/verifier/verifier_app.h"
#include "stablecut/v1/config.pb.h"

int main(int argc, char** argv) {
  using stablecut::service_main::ServiceBinary;
  ServiceBinary binary;
  binary.name = "stablecut-verifier";
  binary.summary =
      "decides whether a candidate may be promoted (age, CI, default branch, after the "
      "stable release, P0 regressions, holds, LLVM pin, downstream integration, assets).";
  binary.default_listen = "127.0.0.1:50052";
  binary.default_health_listen = "127.0.0.1:8082";
  binary.new_config = [] { return std::make_unique<stablecut::v1::VerifierServiceConfig>(); };
  binary.service_names = {"stablecut.v1.VerifierService"};
  binary.make_app = [](google::protobuf::Message const& config,
                       stablecut::config::ConfigFile const& file,
                       stablecut::server::RpcGuard const& guard) {
    return stablecut::verifier::MakeVerifierApp(
        file, static_cast<stablecut::v1::VerifierServiceConfig const&>(config), guard);
  };
  return stablecut::service_main::Run(argc, argv, binary);
}
