#include "lib/server/health_service.h"

#include "absl/strings/str_cat.h"

namespace stablecut::server {
namespace {

using grpc::health::v1::HealthCheckResponse;

// How often a Watch looks whether its caller went away, while nothing changes.
constexpr absl::Duration kWatchPollInterval = absl::Seconds(1);

}  // namespace

void HealthState::Shutdown() {
  absl::MutexLock lock(&mu_);
  serving_ = false;
}

bool HealthState::IsKnown(std::string const& service) const {
  return service.empty() || services_.count(service) > 0;
}

bool HealthState::IsServing() const {
  absl::MutexLock lock(&mu_);
  return serving_;
}

bool HealthState::WaitForShutdown(absl::Duration timeout) const {
  absl::MutexLock lock(&mu_);
  auto shut_down = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return !serving_; };
  mu_.AwaitWithTimeout(absl::Condition(&shut_down), timeout);
  return serving_;
}

grpc::Status HealthService::Check(grpc::ServerContext*,
                                  grpc::health::v1::HealthCheckRequest const* request,
                                  HealthCheckResponse* response) {
  if (!state_.IsKnown(request->service())) {
    return grpc::Status(grpc::StatusCode::NOT_FOUND,
                        absl::StrCat("this server has no service \"", request->service(),
                                     "\"; ask about \"\" for the server as a whole"));
  }
  response->set_status(state_.IsServing() ? HealthCheckResponse::SERVING
                                          : HealthCheckResponse::NOT_SERVING);
  return grpc::Status::OK;
}

grpc::Status HealthService::Watch(grpc::ServerContext* context,
                                  grpc::health::v1::HealthCheckRequest const* request,
                                  grpc::ServerWriter<HealthCheckResponse>* writer) {
  HealthCheckResponse response;
  if (!state_.IsKnown(request->service())) {
    response.set_status(HealthCheckResponse::SERVICE_UNKNOWN);
    writer->Write(response);
    return grpc::Status::OK;
  }
  bool serving = state_.IsServing();
  response.set_status(serving ? HealthCheckResponse::SERVING : HealthCheckResponse::NOT_SERVING);
  if (!writer->Write(response)) return grpc::Status::OK;
  while (serving && !context->IsCancelled()) {
    serving = state_.WaitForShutdown(kWatchPollInterval);
  }
  if (!serving) {
    response.set_status(HealthCheckResponse::NOT_SERVING);
    writer->Write(response);
  }
  return grpc::Status::OK;
}

}  // namespace stablecut::server
