#pragma once
// The main() every Stablecut service binary shares: flags, config, logging, server, signals.

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "lib/config/config_file.h"
#include "lib/service_main/app.h"
#include "lib/server/rpc_guard.h"

namespace google::protobuf {
class Message;
}  // namespace google::protobuf

namespace stablecut::service_main {

// What makes one binary what it is.
struct ServiceBinary {
  std::string name;                   // "stablecut-candidate"
  std::string summary;                // one line for --help
  std::string default_listen;         // "127.0.0.1:50051"
  std::string default_health_listen;  // "127.0.0.1:8081"
  // A new, empty config message; it must have a `stablecut.v1.ServerConfig server` field.
  std::function<std::unique_ptr<google::protobuf::Message>()> new_config;
  // Full names of the gRPC services it serves ("stablecut.v1.CandidateService").
  std::vector<std::string> service_names;
  // Rights the ACL may grant beside the methods, full names "/pkg.Service/Method:right"
  // (RpcGuard::Allows checks them); a "pkg.Service/*" rule never covers one.
  std::vector<std::string> rights;
  // Builds the app (those services and what they own) from the loaded config; errors name
  // the config field. Nothing may start running here: App::Start does that.
  std::function<absl::StatusOr<std::unique_ptr<App>>(google::protobuf::Message const& config,
                                                     config::ConfigFile const& file,
                                                     server::RpcGuard const& guard)>
      make_app;
};

// Runs the binary until SIGTERM or SIGINT. Returns the process exit code: 0 after a
// graceful shutdown, 2 for bad flags or config (one line on stderr), 1 when it cannot serve.
int Run(int argc, char** argv, ServiceBinary const& binary);

}  // namespace stablecut::service_main
