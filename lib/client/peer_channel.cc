#include "lib/client/peer_channel.h"

#include <utility>

#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>
#include <grpcpp/security/tls_certificate_verifier.h>
#include <grpcpp/security/tls_credentials_options.h>
#include <grpcpp/support/channel_arguments.h>

#include "absl/strings/str_cat.h"
#include "lib/auth/tls_material.h"
#include "lib/client/call_context.h"
#include "lib/client/peer_settings.h"
#include "lib/client/retry_policy.h"
#include "lib/client/server_identity_verifier.h"
#include "stablecut/v1/config.pb.h"

namespace stablecut::client {

std::unique_ptr<grpc::ClientContext> PeerChannel::NewCallContext(absl::Time caller_deadline) const {
  return client::NewCallContext(caller_deadline, timeout_);
}

absl::Status PeerChannel::Error(grpc::Status const& status, absl::string_view method) const {
  return PeerError(status, peer_, method);
}

absl::StatusOr<PeerChannel> MakePeerChannel(v1::PeerConfig const& config, std::string peer_name) {
  auto settings = ReadPeerSettings(config);
  if (!settings.ok()) {
    return absl::Status(settings.status().code(),
                        absl::StrCat(peer_name, ": ", settings.status().message()));
  }

  auth::TlsMaterial material{settings->ca_pem,   settings->cert_pem,  settings->key_pem,
                             settings->ca_file,  settings->cert_file, settings->key_file,
                             settings->reload_interval};
  grpc::experimental::TlsChannelCredentialsOptions tls;
  tls.set_certificate_provider(auth::MakeCertificateProvider(material));
  tls.watch_root_certs();
  tls.watch_identity_key_cert_pairs();
  if (!settings->server_identity.empty()) {
    // A workload certificate names no host: its URI SAN is checked instead, on every
    // connection, and calls carry no host to check.
    tls.set_certificate_verifier(MakeServerIdentityVerifier(settings->server_identity));
    tls.set_check_call_host(false);
  } else {
    // The peer's certificate must name the authority (or the address's host), as with
    // SslCredentials; set explicitly, as TlsCredentials' default verifier is experimental.
    tls.set_certificate_verifier(
        std::make_shared<grpc::experimental::HostNameCertificateVerifier>());
  }

  grpc::ChannelArguments arguments;
  arguments.SetServiceConfigJSON(RetryServiceConfigJson());
  if (!settings->authority.empty()) {
    // Both the name checked against the peer's certificate and the SNI sent.
    arguments.SetSslTargetNameOverride(settings->authority);
  }
  auto channel = grpc::CreateCustomChannel(settings->address, grpc::experimental::TlsCredentials(tls),
                                           arguments);

  PeerDescription peer{std::move(peer_name), settings->address,   settings->identity,
                       settings->cert_file,  settings->ca_file, settings->server_identity,
                       settings->authority};
  return PeerChannel(std::move(channel), std::move(peer), settings->timeout);
}

}  // namespace stablecut::client
