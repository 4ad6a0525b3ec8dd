#pragma once
// The one gate every RPC handler goes through: authenticate, check the ACL, run, log, convert.

#include <grpcpp/server_context.h>
#include <grpcpp/support/status.h>

#include <functional>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "lib/auth/acl.h"
#include "lib/auth/identity.h"
#include "lib/http/call_context.h"

namespace stablecut::server {

// Shared by a server's service implementations; immutable and thread-safe.
class RpcGuard {
 public:
  // `insecure_loopback`: the server runs without TLS, so every caller is "insecure-local".
  // `default_deadline`: how long a call's outbound work may take when its caller set no
  // deadline (server.default_deadline).
  RpcGuard(auth::Acl acl, bool insecure_loopback,
           absl::Duration default_deadline = kDefaultDeadline)
      : acl_(std::move(acl)),
        insecure_loopback_(insecure_loopback),
        default_deadline_(default_deadline) {}

  static constexpr absl::Duration kDefaultDeadline = absl::Seconds(120);

  // The context every outbound call made for this RPC carries: the caller's deadline (else
  // now + default_deadline) and its cancellation, which gRPC also raises for calls still
  // running when the server's shutdown grace ends.
  http::CallContext OutboundContext(grpc::ServerContext& context) const;
  // For work no RPC waits on (scheduled jobs): the default deadline, and `cancelled`.
  http::CallContext BackgroundContext(std::function<bool()> cancelled) const;
  absl::Duration default_deadline() const { return default_deadline_; }

  // Whether the ACL grants `caller` the right `right` ("/pkg.Service/Method:right"), for
  // the parts of a method that need more than the right to call it.
  bool Allows(auth::Caller const& caller, absl::string_view right) const {
    return acl_.Allows(right, caller.identity);
  }

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
  absl::Duration default_deadline_;
};

}  // namespace stablecut::server
