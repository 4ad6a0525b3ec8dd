#pragma once
// Turns a config file's `server` section into validated server options.

#include <set>
#include <string>

#include "absl/status/statusor.h"
#include "lib/auth/acl.h"
#include "lib/config/config_file.h"
#include "lib/server/rpc_guard.h"
#include "lib/server/server.h"

namespace stablecut::v1 {
class ServerConfig;
}  // namespace stablecut::v1

namespace stablecut::service_main {

// What a binary uses where its config and flags are silent.
struct ServerDefaults {
  std::string listen;         // e.g. "127.0.0.1:50051"
  std::string health_listen;  // e.g. "127.0.0.1:8081"
};

// What the command line says, overriding the config file.
struct ServerFlags {
  std::string listen;         // empty: from the config
  std::string health_listen;  // empty: from the config
  bool insecure_loopback = false;
};

struct ServerSettings {
  server::ServerOptions options;  // without services
  auth::Acl acl;
  absl::Duration default_deadline = server::RpcGuard::kDefaultDeadline;
};

// Validates `config` (the section at `field_prefix`, e.g. "server", in `file`) and reads the
// TLS files it names. Errors are INVALID_ARGUMENT "file:line: field: what is wrong".
// `served_methods` are the full names ("/pkg.Service/Method") the ACL may name.
absl::StatusOr<ServerSettings> ReadServerSettings(config::ConfigFile const& file,
                                                  v1::ServerConfig const& config,
                                                  std::string const& field_prefix,
                                                  ServerDefaults const& defaults,
                                                  ServerFlags const& flags,
                                                  std::set<std::string> const& served_methods);

}  // namespace stablecut::service_main
