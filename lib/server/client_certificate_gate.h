#pragma once
// Refuses, before any handler runs, a TLS call without a client certificate, except to Health.

#include <grpcpp/security/auth_metadata_processor.h>

namespace stablecut::server {

// The mTLS port asks for client certificates but does not require them in the handshake, so
// that a caller without one gets a clear UNAUTHENTICATED (naming the method) instead of a
// failed handshake. This gate covers the services that do not go through RpcGuard (server
// reflection); grpc.health.v1.Health stays open. A certificate that does not chain to the CA
// still fails the handshake.
class ClientCertificateGate : public grpc::AuthMetadataProcessor {
 public:
  bool IsBlocking() const override { return false; }
  grpc::Status Process(InputMetadata const& auth_metadata, grpc::AuthContext* context,
                       OutputMetadata* consumed_auth_metadata,
                       OutputMetadata* response_metadata) override;
};

}  // namespace stablecut::server
