#include "lib/client/peer_error.h"

#include <initializer_list>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace stablecut::client {
namespace {

bool ContainsAny(absl::string_view message, std::initializer_list<absl::string_view> phrases) {
  for (absl::string_view phrase : phrases) {
    if (absl::StrContains(message, phrase)) return true;
  }
  return false;
}

// gRPC 1.51's words for a TLS handshake that failed on our side: the peer's certificate does
// not chain to our CA ("CERTIFICATE_VERIFY_FAILED") or does not name the host we dialled
// ("Peer name 127.0.0.1 is not in peer certificate" from SslCredentials, "Hostname
// Verification Check failed" from TlsCredentials' host name verifier). The peer is up;
// certificates are wrong.
bool IsOurHandshakeFailure(absl::string_view message) {
  return ContainsAny(message, {"andshake", "SSL", "CERTIFICATE_VERIFY_FAILED",
                               "not in peer certificate", "Hostname Verification Check failed",
                               "server identity check failed"});
}

// A connection that was made and then closed. With TLS 1.3 this is also what a client sees
// when the peer refused its certificate in the handshake: the client finishes first and
// the server then hangs up.
bool IsClosedConnection(absl::string_view message) {
  return ContainsAny(message, {"Socket closed", "Connection reset", "Broken pipe"});
}

// No connection at all: nothing listening, or a name that does not resolve. Other
// UNAVAILABLEs are the running peer's own answer (e.g. "GitHub unavailable after 5 attempts").
bool IsConnectFailure(absl::string_view message) {
  return message.empty() ||
         ContainsAny(message, {"failed to connect", "Failed to connect", "Connection refused",
                               "DNS resolution failed", "Name or service not known"});
}

}  // namespace

absl::Status PeerError(grpc::Status const& status, PeerDescription const& peer,
                       absl::string_view method) {
  if (status.ok()) return absl::OkStatus();
  auto code = static_cast<absl::StatusCode>(status.error_code());
  std::string const& said = status.error_message();
  switch (status.error_code()) {
    case grpc::StatusCode::PERMISSION_DENIED:
      return absl::Status(
          code, absl::StrCat(peer.name, " refused ", peer.identity, ": PERMISSION_DENIED on ",
                             method, " — add it to that service's ACL (server.acl) for this "
                             "method (peer said: ", said, ")"));
    case grpc::StatusCode::UNAUTHENTICATED:
      return absl::Status(
          code, absl::StrCat(peer.name, " did not accept our client certificate as ",
                             peer.identity, " on ", method, ": UNAUTHENTICATED — check that ",
                             peer.cert_file, " (tls.cert_file) is signed by the CA that ",
                             peer.name, " trusts (its server.tls.ca_file) (peer said: ", said,
                             ")"));
    case grpc::StatusCode::UNAVAILABLE:
      // Checked in this order: gRPC prefixes every connection error with "failed to connect".
      if (IsOurHandshakeFailure(said)) {
        return absl::Status(
            code, absl::StrCat("the TLS handshake with ", peer.name, " at ", peer.address,
                               " failed on ", method, " (", said, "); check that ",
                               peer.ca_file, " (tls.ca_file) is the CA of its server "
                               "certificate and that the certificate ",
                               !peer.server_identity.empty()
                                   ? absl::StrCat("carries the URI SAN ", peer.server_identity,
                                                  " (server_identity)")
                               : !peer.authority.empty()
                                   ? absl::StrCat("names ", peer.authority, " (authority)")
                                   : "names the host of the address (else set authority to "
                                     "a name it carries)"));
      }
      if (IsClosedConnection(said)) {
        return absl::Status(
            code, absl::StrCat(peer.name, " at ", peer.address, " closed the connection on ",
                               method, " (", said, "); if it is running, it may have refused ",
                               "our client certificate ", peer.cert_file,
                               " (tls.cert_file) in the TLS handshake: check that its "
                               "server.tls.ca_file is the CA that signed it"));
      }
      if (IsConnectFailure(said)) {
        return absl::Status(code, absl::StrCat(peer.name, " at ", peer.address,
                                               " is unavailable (", said, "); is it running?"));
      }
      return absl::Status(code, absl::StrCat(peer.name, " at ", peer.address,
                                             " is unavailable for ", method, ": ", said));
    case grpc::StatusCode::DEADLINE_EXCEEDED:
      return absl::Status(code, absl::StrCat(peer.name, " at ", peer.address,
                                             " did not answer ", method, " in time (", said,
                                             ")"));
    default:
      return absl::Status(code, absl::StrCat(peer.name, ", ", method, ": ", said));
  }
}

}  // namespace stablecut::client
