#include "lib/server/status.h"

#include <string>

#include "lib/log/secret_scrubber.h"

namespace stablecut::server {

grpc::Status ToGrpcStatus(absl::Status const& status) {
  if (status.ok()) return grpc::Status::OK;
  // A message can carry what a server sent back (GitHub echoing a token in an error body):
  // no secret this process holds leaves it in an RPC status.
  return grpc::Status(static_cast<grpc::StatusCode>(status.code()),
                      log::ScrubSecrets(status.message()));
}

}  // namespace stablecut::server
