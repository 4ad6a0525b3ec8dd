#pragma once
// Turns a peer's failed answer into our absl::Status: it names the peer, the method and
// what to fix, so that a verifier's log says which ACL or certificate is wrong and where.

#include <string>

#include <grpcpp/support/status.h>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace stablecut::client {

// Who the peer is and who we are to it, as error messages name them.
struct PeerDescription {
  std::string name;       // "the candidate service"
  std::string address;    // "127.0.0.1:50051"
  std::string identity;   // ours, as the peer sees it: "spiffe://stablecut/verifier"
  std::string cert_file;  // our client certificate (tls.cert_file)
  std::string ca_file;    // the CA we trust for the peer (tls.ca_file)
  std::string server_identity;  // the URI SAN its certificate must carry; empty: host name
  std::string authority;        // the host name checked instead of the address's; may be empty
};

// OK for OK. Otherwise the same code (a cast: absl and gRPC codes match) with a message:
//  PERMISSION_DENIED  "the candidate service refused spiffe://stablecut/verifier:
//                      PERMISSION_DENIED on CreateCandidate — add it to that service's ACL
//                      (server.acl) for this method (peer said: ...)"
//  UNAUTHENTICATED    names our identity, tls.cert_file and the peer's CA to check
//  UNAVAILABLE        no connection: "the candidate service at 127.0.0.1:50051 is unavailable
//                      (...); is it running?"; the peer's certificate refused by us: our CA
//                      file and authority to check; a connection the peer closed (also how
//                      its refusal of our certificate looks): our certificate to check;
//                      the peer's own UNAVAILABLE: "... is unavailable for CreateCandidate: ..."
//  DEADLINE_EXCEEDED  "the candidate service at ... did not answer GetCandidate in time (...)"
//  any other          "the candidate service, GetCandidate: <the peer's message>"
// `method` is the short or full method name, as the caller writes it ("GetCandidate").
absl::Status PeerError(grpc::Status const& status, PeerDescription const& peer,
                       absl::string_view method);

}  // namespace stablecut::client
