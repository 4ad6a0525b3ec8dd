#pragma once
// Converts our absl::Status to the grpc::Status a caller sees: the one place that does.

#include <grpcpp/support/status.h>

#include "absl/status/status.h"

namespace stablecut::server {

// The numeric codes of absl and gRPC match, so this is a cast plus the message.
grpc::Status ToGrpcStatus(absl::Status const& status);

}  // namespace stablecut::server
