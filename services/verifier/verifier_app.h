#pragma once
// Everything stablecut-verifier runs, wired together: HTTP client, GitHub API (read-only
// token, optional), the optional candidate-service peer, the Verifier and its gRPC service.

#include <memory>

#include "absl/status/statusor.h"
#include "lib/config/config_file.h"
#include "lib/server/rpc_guard.h"
#include "lib/service_main/app.h"

namespace stablecut::v1 {
class VerifierServiceConfig;
}  // namespace stablecut::v1

namespace stablecut::verifier {

// Validates the config (file:line: field errors) and builds the app.
absl::StatusOr<std::unique_ptr<service_main::App>> MakeVerifierApp(
    config::ConfigFile const& file, v1::VerifierServiceConfig const& config,
    server::RpcGuard const& guard);

}  // namespace stablecut::verifier
