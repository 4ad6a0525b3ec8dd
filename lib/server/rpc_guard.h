#pragma once
// The one gate every RPC handler goes through: authenticate, check the ACL, run, log, convert.

#include <grpcpp/server_context.h>
#include <grpcpp/support/status.h>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "lib/auth/acl.h"
#include "lib/auth/identity.h"

namespace stablecut::server {

// Shared by a server's service implementations; immutable and thread-safe.
class RpcGuard {
 public:
  // `insecure_loopback`: the server runs without TLS, so every caller is "insecure-local".
  RpcGuard(auth::Acl acl, bool insecure_loopback)
      : acl_(std::move(acl)), insecure_loopback_(insecure_loopback) {}

  // Runs `handler` for the caller of `method` ("/pkg.Service/Method") if the ACL lets it in.
  // A caller without a valid client certificate gets UNAUTHENTICATED, a known caller the ACL
  // does not name PERMISSION_DENIED; both messages name the method. Writes one log line per
  // call (method, caller, code, latency_ms) and converts the handler's status.
  grpc::Status Handle(grpc::ServerContext& context, absl::string_view method,
                      absl::FunctionRef<absl::Status(auth::Caller const&)> handler) const;

 private:
  absl::StatusOr<auth::Caller> Identify(grpc::ServerContext& context,
                                        absl::string_view method) const;
  absl::Status Authorize(auth::Caller const& caller, absl::string_view method) const;

  auth::Acl acl_;
  bool insecure_loopback_;
};

}  // namespace stablecut::server
