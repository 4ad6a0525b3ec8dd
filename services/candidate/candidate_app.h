#pragma once
// Everything stablecut-candidate runs, wired together: HTTP client, GitHub API, the logic,
// its gRPC service, the cut scheduler and the finalize timer.

#include <memory>

#include "absl/status/statusor.h"
#include "lib/config/config_file.h"
#include "lib/server/rpc_guard.h"
#include "lib/service_main/app.h"

namespace stablecut::v1 {
class CandidateServiceConfig;
}  // namespace stablecut::v1

namespace stablecut::candidate {

// The candidate service and what it owns: its jobs start with App::Start, once the ports
// are bound, and stop with App::Stop.
absl::StatusOr<std::unique_ptr<service_main::App>> MakeCandidateApp(
    config::ConfigFile const& file, v1::CandidateServiceConfig const& config,
    server::RpcGuard const& guard);

}  // namespace stablecut::candidate
