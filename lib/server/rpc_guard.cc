#include "lib/server/rpc_guard.h"

#include <string>

#include <grpc/support/time.h>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "lib/log/log.h"
#include "lib/server/status.h"

namespace stablecut::server {

absl::StatusOr<auth::Caller> RpcGuard::Identify(grpc::ServerContext& context,
                                                absl::string_view method) const {
  if (insecure_loopback_) return auth::Caller{std::string(auth::kInsecureLocalIdentity)};
  auto auth_context = context.auth_context();
  auto identity = auth_context ? auth::IdentityFromAuthContext(*auth_context)
                               : absl::UnauthenticatedError("no TLS session");
  if (!identity.ok()) {
    return absl::UnauthenticatedError(
        absl::StrCat("calling ", method, ": ", identity.status().message()));
  }
  return auth::Caller{*std::move(identity)};
}

absl::Status RpcGuard::Authorize(auth::Caller const& caller, absl::string_view method) const {
  if (acl_.Allows(method, caller.identity)) return absl::OkStatus();
  return absl::PermissionDeniedError(absl::StrCat(
      "caller \"", caller.identity, "\" may not call ", method,
      "; the server's ACL (server.acl in its config) must name this identity for it"));
}

http::CallContext RpcGuard::OutboundContext(grpc::ServerContext& context) const {
  // gRPC's "no deadline" is the infinite future of its own clock, which converts to a
  // far but finite std::chrono time: read the raw value to tell it apart.
  gpr_timespec raw = context.raw_deadline();
  absl::Time deadline = raw.tv_sec == gpr_inf_future(raw.clock_type).tv_sec
                            ? absl::InfiniteFuture()
                            : absl::FromChrono(context.deadline());
  grpc::ServerContext* rpc = &context;
  return http::CallContext::FromDeadline(deadline, [rpc] { return rpc->IsCancelled(); })
      .WithDefaultDeadline(default_deadline_);
}

http::CallContext RpcGuard::BackgroundContext(std::function<bool()> cancelled) const {
  return http::CallContext::FromDeadline(absl::Now() + default_deadline_, std::move(cancelled));
}

grpc::Status RpcGuard::Handle(grpc::ServerContext& context, absl::string_view method,
                              absl::FunctionRef<absl::Status(auth::Caller const&)> handler) const {
  absl::Time start = absl::Now();
  auto caller = Identify(context, method);
  absl::Status status = caller.status();
  if (status.ok()) status = Authorize(*caller, method);
  if (status.ok()) status = handler(*caller);
  auto latency = absl::Now() - start;
  log::Fields fields = {
      {"method", std::string(method)},
      {"caller", caller.ok() ? caller->identity : std::string("unauthenticated")},
      {"code", absl::StatusCodeToString(status.code())},
      {"latency_ms", absl::StrCat(absl::ToInt64Milliseconds(latency))}};
  if (!status.ok()) fields.emplace_back("error", std::string(status.message()));
  log::Event(status.ok() ? log::Level::kInfo : log::Level::kWarn, "rpc", fields);
  return ToGrpcStatus(status);
}

}  // namespace stablecut::server
