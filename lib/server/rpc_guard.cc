#include "lib/server/rpc_guard.h"

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "lib/log/log.h"
#include "lib/server/status.h"

namespace stablecut::server {

absl::StatusOr<auth::Caller> RpcGuard::Authorize(grpc::ServerContext& context,
                                                 absl::string_view method) const {
  auth::Caller caller;
  if (insecure_loopback_) {
    caller.identity = std::string(auth::kInsecureLocalIdentity);
  } else {
    auto auth_context = context.auth_context();
    auto identity = auth_context ? auth::IdentityFromAuthContext(*auth_context)
                                 : absl::UnauthenticatedError("no TLS session");
    if (!identity.ok()) {
      return absl::UnauthenticatedError(
          absl::StrCat("calling ", method, ": ", identity.status().message()));
    }
    caller.identity = *std::move(identity);
  }
  if (!acl_.Allows(method, caller.identity)) {
    return absl::PermissionDeniedError(absl::StrCat(
        "caller \"", caller.identity, "\" may not call ", method,
        "; the server's ACL (server.acl in its config) must name this identity for it"));
  }
  return caller;
}

grpc::Status RpcGuard::Handle(grpc::ServerContext& context, absl::string_view method,
                              absl::FunctionRef<absl::Status(auth::Caller const&)> handler) const {
  absl::Time start = absl::Now();
  auto caller = Authorize(context, method);
  absl::Status status = caller.ok() ? handler(*caller) : caller.status();
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
