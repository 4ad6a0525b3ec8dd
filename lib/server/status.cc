#include "lib/server/status.h"

#include <string>

namespace stablecut::server {

grpc::Status ToGrpcStatus(absl::Status const& status) {
  if (status.ok()) return grpc::Status::OK;
  return grpc::Status(static_cast<grpc::StatusCode>(status.code()),
                      std::string(status.message()));
}

}  // namespace stablecut::server
