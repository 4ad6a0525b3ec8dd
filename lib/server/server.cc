#include "lib/server/server.h"

#include <chrono>
#include <set>
#include <utility>

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/impl/server_builder_option.h>
#include <grpcpp/security/server_credentials.h>
#include <grpcpp/security/tls_credentials_options.h>
#include <grpcpp/server.h>
#include <grpcpp/server_builder.h>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "grpc/health/v1/health.pb.h"
#include "lib/server/client_certificate_gate.h"
#include "lib/server/health_service.h"
#include "lib/server/listen_address.h"

namespace stablecut::server {
namespace {

// Linking grpc++_reflection adds reflection to every builder; the health-only port must
// serve Health and nothing else, so it drops every plugin.
class NoPluginsOption : public grpc::ServerBuilderOption {
 public:
  void UpdateArguments(grpc::ChannelArguments* /*args*/) override {}
  void UpdatePlugins(
      std::vector<std::unique_ptr<grpc::ServerBuilderPlugin>>* plugins) override {
    plugins->clear();
  }
};

std::shared_ptr<grpc::ServerCredentials> MutualTlsCredentials(TlsCredentials const& tls) {
  // REQUEST (not REQUIRE) a certificate: a caller without one then gets UNAUTHENTICATED
  // naming the method (ClientCertificateGate, RpcGuard) instead of a bare handshake failure.
  // A certificate that is presented must still chain to the CA.
  grpc::experimental::TlsServerCredentialsOptions options(auth::MakeCertificateProvider(tls));
  options.watch_root_certs();
  options.watch_identity_key_cert_pairs();
  options.set_cert_request_type(GRPC_SSL_REQUEST_CLIENT_CERTIFICATE_AND_VERIFY);
  auto credentials = grpc::experimental::TlsServerCredentials(options);
  credentials->SetAuthMetadataProcessor(std::make_shared<ClientCertificateGate>());
  return credentials;
}

absl::Status CheckOptions(ServerOptions const& options) {
  auto listen = ParseListenAddress(options.listen);
  if (!listen.ok()) return listen.status();
  if (options.insecure_loopback && !listen->IsLoopback()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--insecure_loopback serves plaintext, so it is refused on ", options.listen,
        ", which is not a loopback address; listen on 127.0.0.1, [::1] or localhost, "
        "or configure server.tls for mTLS"));
  }
  if (!options.insecure_loopback &&
      (options.tls.ca_pem.empty() || options.tls.cert_pem.empty() ||
       options.tls.key_pem.empty())) {
    return absl::InvalidArgumentError(
        "mTLS needs a CA, a certificate and a key (server.tls.ca_file, cert_file, key_file); "
        "for local development only, --insecure_loopback serves plaintext on loopback");
  }
  if (!options.health_listen.empty()) {
    auto health = ParseListenAddress(options.health_listen);
    if (!health.ok()) return health.status();
  }
  if (options.shutdown_grace < absl::ZeroDuration()) {
    return absl::InvalidArgumentError("shutdown grace must not be negative");
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::unique_ptr<Server>> Server::Start(ServerOptions options) {
  if (auto status = CheckOptions(options); !status.ok()) return status;

  // Health's descriptor must be in the generated pool for reflection to describe it, or
  // `buf curl --list-methods` fails (docs/reference/grpc-debian.md).
  grpc::health::v1::HealthCheckRequest::descriptor();
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();

  std::unique_ptr<Server> server(new Server());
  server->shutdown_grace_ = options.shutdown_grace;
  std::set<std::string> health_names(options.service_names.begin(),
                                     options.service_names.end());
  server->health_state_ = std::make_unique<HealthState>(std::move(health_names));
  server->health_service_ = std::make_unique<HealthService>(*server->health_state_);
  server->health_only_service_ = std::make_unique<HealthService>(*server->health_state_);

  grpc::ServerBuilder builder;
  auto credentials = options.insecure_loopback ? grpc::InsecureServerCredentials()
                                               : MutualTlsCredentials(options.tls);
  // gRPC sets SO_REUSEPORT by default, so a second copy of a service would share the port
  // silently; a port in use must be an error.
  builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
  builder.AddListeningPort(ParseListenAddress(options.listen)->ToGrpcAddress(), credentials,
                           &server->port_);
  builder.RegisterService(server->health_service_.get());
  for (auto* service : options.services) builder.RegisterService(service);
  server->main_server_ = builder.BuildAndStart();
  if (!server->main_server_ || server->port_ == 0) {
    return absl::UnavailableError(absl::StrCat(
        "cannot listen on ", options.listen,
        ": the port is in use, or the host is not an address of this machine"));
  }

  if (!options.health_listen.empty()) {
    grpc::ServerBuilder health_builder;
    health_builder.SetOption(std::make_unique<NoPluginsOption>());
    health_builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
    health_builder.AddListeningPort(ParseListenAddress(options.health_listen)->ToGrpcAddress(),
                                    grpc::InsecureServerCredentials(), &server->health_port_);
    health_builder.RegisterService(server->health_only_service_.get());
    server->health_server_ = health_builder.BuildAndStart();
    if (!server->health_server_ || server->health_port_ == 0) {
      return absl::UnavailableError(absl::StrCat(
          "cannot listen on health address ", options.health_listen,
          ": the port is in use, or the host is not an address of this machine"));
    }
  }
  return server;
}

Server::~Server() {
  Shutdown();
  Wait();
}

void Server::Shutdown() {
  if (shut_down_.exchange(true)) return;
  auto deadline = absl::ToChronoTime(absl::Now() + shutdown_grace_);
  // Probes see NOT_SERVING at once, while in-flight calls finish.
  if (health_state_) health_state_->Shutdown();
  if (main_server_) main_server_->Shutdown(deadline);
  if (health_server_) health_server_->Shutdown(deadline);
}

void Server::Wait() {
  if (main_server_) main_server_->Wait();
  if (health_server_) health_server_->Wait();
}

}  // namespace stablecut::server
