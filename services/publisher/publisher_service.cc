#include "services/publisher/publisher_service.h"

#include "lib/server/not_built.h"

namespace stablecut::publisher {
namespace {

constexpr char kIssue[] = "the publisher service issue (not filed yet)";

}  // namespace

grpc::Status PublisherServiceImpl::Publish(grpc::ServerContext* context,
                                           v1::PublishRequest const*,
                                           grpc::ServerWriter<v1::PublishEvent>*) {
  return server::NotBuilt(guard_, *context, "/stablecut.v1.PublisherService/Publish", kIssue);
}

grpc::Status PublisherServiceImpl::GetPublication(grpc::ServerContext* context,
                                                  v1::GetPublicationRequest const*,
                                                  v1::Publication*) {
  return server::NotBuilt(guard_, *context, "/stablecut.v1.PublisherService/GetPublication",
                          kIssue);
}

}  // namespace stablecut::publisher
