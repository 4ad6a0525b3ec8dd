#pragma once
// grpc.health.v1.Health, implemented here rather than by gRPC's default service: the default
// one needs another service on the same server, and the health-only port has none.

#include <set>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "grpc/health/v1/health.grpc.pb.h"

namespace stablecut::server {

// The serving state that every port's Health service reports. Thread-safe.
class HealthState {
 public:
  // `services`: the full service names a Check may ask about, besides "" (the server).
  explicit HealthState(std::set<std::string> services) : services_(std::move(services)) {}

  // From SERVING to NOT_SERVING for good; wakes every Watch, which then ends.
  void Shutdown();

  bool IsKnown(std::string const& service) const;
  bool IsServing() const;
  // Waits until shut down or `timeout` passes; returns IsServing().
  bool WaitForShutdown(absl::Duration timeout) const;

 private:
  std::set<std::string> const services_;
  mutable absl::Mutex mu_;
  bool serving_ ABSL_GUARDED_BY(mu_) = true;
};

class HealthService final : public grpc::health::v1::Health::Service {
 public:
  explicit HealthService(HealthState const& state) : state_(state) {}

  // SERVING or NOT_SERVING for "" and the known services; NOT_FOUND for others.
  grpc::Status Check(grpc::ServerContext* context,
                     grpc::health::v1::HealthCheckRequest const* request,
                     grpc::health::v1::HealthCheckResponse* response) override;
  // Sends the status now and when it changes; SERVICE_UNKNOWN for unknown services. Ends
  // after the server shuts down or the caller cancels.
  grpc::Status Watch(grpc::ServerContext* context,
                     grpc::health::v1::HealthCheckRequest const* request,
                     grpc::ServerWriter<grpc::health::v1::HealthCheckResponse>* writer) override;

 private:
  HealthState const& state_;
};

}  // namespace stablecut::server
