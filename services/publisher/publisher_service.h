#pragma once
// stablecut.v1.PublisherService. Its RPCs are not built yet (the publisher issue): each answers
// UNIMPLEMENTED, after the ACL and with its log line, so the API is visible and guarded.

#include "lib/server/rpc_guard.h"
#include "stablecut/v1/publisher.grpc.pb.h"

namespace stablecut::publisher {

class PublisherServiceImpl final : public v1::PublisherService::Service {
 public:
  explicit PublisherServiceImpl(server::RpcGuard const& guard) : guard_(guard) {}

  grpc::Status Publish(grpc::ServerContext* context, v1::PublishRequest const* request,
                       grpc::ServerWriter<v1::PublishEvent>* writer) override;
  grpc::Status GetPublication(grpc::ServerContext* context,
                              v1::GetPublicationRequest const* request,
                              v1::Publication* response) override;

 private:
  server::RpcGuard const& guard_;
};

}  // namespace stablecut::publisher
