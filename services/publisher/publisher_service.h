#pragma once
// stablecut.v1.PublisherService: the gRPC edge of the Publisher (ACL, override right,
// events streamed to the caller, statuses mapped).

#include "lib/server/rpc_guard.h"
#include "services/publisher/publisher.h"
#include "stablecut/v1/publisher.grpc.pb.h"

namespace stablecut::publisher {

// The ACL right that lets a caller publish with override_checks.
inline constexpr char kOverrideRight[] = "/stablecut.v1.PublisherService/Publish:override";

class PublisherServiceImpl final : public v1::PublisherService::Service {
 public:
  PublisherServiceImpl(server::RpcGuard const& guard, Publisher& publisher)
      : guard_(guard), publisher_(publisher) {}

  grpc::Status Publish(grpc::ServerContext* context, v1::PublishRequest const* request,
                       grpc::ServerWriter<v1::PublishEvent>* writer) override;
  grpc::Status GetPublication(grpc::ServerContext* context,
                              v1::GetPublicationRequest const* request,
                              v1::Publication* response) override;

 private:
  server::RpcGuard const& guard_;
  Publisher& publisher_;
};

}  // namespace stablecut::publisher
