#pragma once
// The answer of an RPC whose implementation has not landed yet: UNIMPLEMENTED, saying which
// issue brings it, after the same ACL check and log line as every RPC.

#include <string>

#include <grpcpp/server_context.h>
#include <grpcpp/support/status.h>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "lib/server/rpc_guard.h"

namespace stablecut::server {

inline grpc::Status NotBuilt(RpcGuard const& guard, grpc::ServerContext& context,
                             absl::string_view method, absl::string_view issue) {
  return guard.Handle(context, method, [&](auth::Caller const&) {
    return absl::UnimplementedError(
        absl::StrCat(method, " is not built yet; it comes with ", issue));
  });
}

}  // namespace stablecut::server
