#pragma once
// Who is calling: the identity in a caller's client certificate.

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace grpc {
class AuthContext;
}  // namespace grpc

namespace stablecut::auth {

// Every caller of a server started with --insecure_loopback has this identity, which an
// ACL must name to let it in.
inline constexpr absl::string_view kInsecureLocalIdentity = "insecure-local";

// An authenticated caller, as the ACL and the logs see it.
struct Caller {
  std::string identity;
};

// The identity in a PEM certificate: its first URI SAN (e.g. "spiffe://stablecut/publisher"),
// else its subject CN. INVALID_ARGUMENT if the PEM does not parse or names neither.
absl::StatusOr<std::string> IdentityFromPemCertificate(absl::string_view pem);

// The identity of the peer of a TLS call, from the certificate gRPC verified.
// UNAUTHENTICATED when the peer presented no certificate (or one naming no identity).
absl::StatusOr<std::string> IdentityFromAuthContext(grpc::AuthContext const& context);

}  // namespace stablecut::auth
