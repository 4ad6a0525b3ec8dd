#pragma once
// Everything stablecut-publisher runs, wired together: the peers, the HTTP client, GitHub
// (asset downloads), the targets' credentials, the audit trail, the Publisher and its
// gRPC service.

#include <memory>

#include "absl/status/statusor.h"
#include "lib/config/config_file.h"
#include "lib/server/rpc_guard.h"
#include "lib/service_main/app.h"

namespace stablecut::v1 {
class PublisherServiceConfig;
}  // namespace stablecut::v1

namespace stablecut::publisher {

// Validates the config (file:line: field errors; every token file read once) and builds
// the app.
absl::StatusOr<std::unique_ptr<service_main::App>> MakePublisherApp(
    config::ConfigFile const& file, v1::PublisherServiceConfig const& config,
    server::RpcGuard const& guard);

}  // namespace stablecut::publisher
