#pragma once
// The gRPC bootstrap every Stablecut service shares: mTLS port with health and reflection,
// plaintext health-only port, graceful shutdown.

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "lib/auth/tls_material.h"

namespace grpc {
class Server;
class Service;
}  // namespace grpc

namespace stablecut::server {

class HealthState;
class HealthService;

// The mTLS port's material: ca_pem is what client certificates must chain to, cert_pem and
// key_pem this server's chain and key; with its files and a reload interval, renewed files
// are served to new connections without a restart.
using TlsCredentials = auth::TlsMaterial;

struct ServerOptions {
  std::string listen;            // host:port of the gRPC port
  std::string health_listen;     // host:port of the plaintext Health-only port; empty: none
  bool insecure_loopback = false;  // plaintext main port; refused unless listen is loopback
  TlsCredentials tls;            // required unless insecure_loopback
  absl::Duration shutdown_grace = absl::Seconds(30);
  std::vector<grpc::Service*> services;  // not owned; must outlive the Server
  std::vector<std::string> service_names;  // their full names, which Health reports on
};

class Server {
 public:
  // Validates the options, then builds and starts both ports. INVALID_ARGUMENT for bad
  // options (insecure on a non-loopback address, missing TLS material); UNAVAILABLE when a
  // port cannot be bound (in use, or not an address of this machine).
  static absl::StatusOr<std::unique_ptr<Server>> Start(ServerOptions options);

  ~Server();
  Server(Server const&) = delete;
  Server& operator=(Server const&) = delete;

  int port() const { return port_; }
  int health_port() const { return health_port_; }  // 0 when there is no health port

  // Health turns NOT_SERVING, no new call is accepted, in-flight calls get up to
  // shutdown_grace to finish and are then cancelled. Thread-safe; later calls do nothing.
  void Shutdown();
  // Blocks until Shutdown() has completed.
  void Wait();

 private:
  Server() = default;

  std::unique_ptr<HealthState> health_state_;
  std::unique_ptr<HealthService> health_service_;         // on the main port
  std::unique_ptr<HealthService> health_only_service_;    // on the health port
  std::unique_ptr<grpc::Server> main_server_;
  std::unique_ptr<grpc::Server> health_server_;
  int port_ = 0;
  int health_port_ = 0;
  absl::Duration shutdown_grace_;
  std::atomic<bool> shut_down_{false};
};

}  // namespace stablecut::server
