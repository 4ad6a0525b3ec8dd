#include "lib/service_main/app.h"

#include <utility>

#include <grpcpp/impl/service_type.h>

namespace stablecut::service_main {
namespace {

class OwnedServices : public App {
 public:
  explicit OwnedServices(std::vector<std::unique_ptr<grpc::Service>> services)
      : services_(std::move(services)) {}
  std::vector<grpc::Service*> Services() override {
    std::vector<grpc::Service*> out;
    for (auto& service : services_) out.push_back(service.get());
    return out;
  }

 private:
  std::vector<std::unique_ptr<grpc::Service>> services_;
};

}  // namespace

std::unique_ptr<App> ServicesApp(std::vector<std::unique_ptr<grpc::Service>> services) {
  return std::make_unique<OwnedServices>(std::move(services));
}

}  // namespace stablecut::service_main
