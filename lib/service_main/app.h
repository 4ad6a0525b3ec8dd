#pragma once
// What a service binary runs: its gRPC services and everything they own (HTTP clients,
// peer channels, background jobs), with a start and a stop that the shared main calls at
// the right moments of the process's life.

#include <memory>
#include <vector>

namespace grpc {
class Service;
}  // namespace grpc

namespace stablecut::service_main {

class App {
 public:
  virtual ~App() = default;

  // The services to serve; owned by the app and alive until it is destroyed.
  virtual std::vector<grpc::Service*> Services() = 0;
  // Called once the ports are bound and before "serving" is logged. Background work
  // (scheduled jobs, timers) starts here, so none runs for a server that failed to start.
  virtual void Start() {}
  // Called on SIGTERM or SIGINT, before the server drains its calls: background work stops
  // here, and its outbound calls in flight are cancelled. The app is destroyed after the
  // server has stopped.
  virtual void Stop() {}
};

// An app made of services that own nothing that starts or stops.
std::unique_ptr<App> ServicesApp(std::vector<std::unique_ptr<grpc::Service>> services);

}  // namespace stablecut::service_main
