#pragma once
// Everything stablecut-candidate runs, wired together: HTTP client, GitHub API, the logic,
// its gRPC service, the cut scheduler and the finalize timer.

#include <memory>

#include "absl/status/statusor.h"
#include "lib/config/config_file.h"
#include "lib/server/rpc_guard.h"

namespace grpc {
class Service;
}  // namespace grpc

namespace stablecut::v1 {
class CandidateServiceConfig;
}  // namespace stablecut::v1

namespace stablecut::candidate {

// The returned service owns the rest and stops the background jobs when destroyed.
absl::StatusOr<std::unique_ptr<grpc::Service>> MakeCandidateService(
    config::ConfigFile const& file, v1::CandidateServiceConfig const& config,
    server::RpcGuard const& guard);

}  // namespace stablecut::candidate
