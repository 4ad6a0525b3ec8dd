#include "lib/server/client_certificate_gate.h"

#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "lib/auth/identity.h"

namespace stablecut::server {
namespace {

constexpr absl::string_view kHealthPrefix = "/grpc.health.v1.Health/";

}  // namespace

grpc::Status ClientCertificateGate::Process(InputMetadata const& auth_metadata,
                                            grpc::AuthContext* context,
                                            OutputMetadata* /*consumed_auth_metadata*/,
                                            OutputMetadata* /*response_metadata*/) {
  std::string method = "this method";
  auto path = auth_metadata.find(":path");
  if (path != auth_metadata.end()) {
    method = std::string(path->second.data(), path->second.size());
    if (absl::StartsWith(method, kHealthPrefix)) return grpc::Status::OK;
  }
  auto identity = auth::IdentityFromAuthContext(*context);
  if (identity.ok()) return grpc::Status::OK;
  return grpc::Status(grpc::StatusCode::UNAUTHENTICATED,
                      absl::StrCat("calling ", method, ": ", identity.status().message()));
}

}  // namespace stablecut::server
