#pragma once
// Checks a peer's server certificate by the workload identity it carries (its URI SAN, e.g.
// "spiffe://example.org/ns/stablecut/sa/verifier") instead of the host name dialled. SPIFFE
// certificates, such as cert-manager's CSI SPIFFE driver issues, name no host, so a host name
// check cannot pass with them; the chain to our CA is still checked by TLS first.

#include <memory>
#include <string>

namespace grpc::experimental {
class CertificateVerifier;
}  // namespace grpc::experimental

namespace stablecut::client {

// A verifier for TlsChannelCredentialsOptions that accepts the handshake only when one of the
// server certificate's URI SANs is exactly `identity`. On a mismatch the handshake fails with
// UNAUTHENTICATED "server identity check failed: the certificate names <its URIs>, not
// <identity>".
std::shared_ptr<grpc::experimental::CertificateVerifier> MakeServerIdentityVerifier(
    std::string identity);

}  // namespace stablecut::client
