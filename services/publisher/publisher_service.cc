#include "services/publisher/publisher_service.h"

#include "lib/log/secret_scrubber.h"

namespace stablecut::publisher {
namespace {

constexpr char kPublish[] = "/stablecut.v1.PublisherService/Publish";
constexpr char kGetPublication[] = "/stablecut.v1.PublisherService/GetPublication";

// Event texts carry messages from GitHub and PyPI; like every status, they are scrubbed.
v1::PublishEvent Scrubbed(v1::PublishEvent event) {
  if (event.has_message()) event.set_message(log::ScrubSecrets(event.message()));
  if (event.has_file()) event.mutable_file()->set_error(log::ScrubSecrets(event.file().error()));
  return event;
}

}  // namespace

grpc::Status PublisherServiceImpl::Publish(grpc::ServerContext* context,
                                           v1::PublishRequest const* request,
                                           grpc::ServerWriter<v1::PublishEvent>* writer) {
  return guard_.Handle(*context, kPublish, [&](auth::Caller const& caller) -> absl::Status {
    PublishOrder order;
    order.tag = request->tag();
    order.dry_run = request->dry_run();
    order.override_checks.assign(request->override_checks().begin(),
                                 request->override_checks().end());
    order.override_reason = request->override_reason();
    order.caller = caller.identity;
    order.may_override = guard_.Allows(caller, kOverrideRight);
    // A caller that hangs up does not stop the write: the publish goes on to a consistent
    // end (its context's cancellation stops what is still to come).
    auto send = [writer](v1::PublishEvent const& event) { writer->Write(Scrubbed(event)); };
    auto publication = publisher_.Publish(guard_.OutboundContext(*context), order, send);
    if (!publication.ok()) return publication.status();
    v1::PublishEvent done;
    *done.mutable_done() = *std::move(publication);
    writer->Write(done);
    return absl::OkStatus();
  });
}

grpc::Status PublisherServiceImpl::GetPublication(grpc::ServerContext* context,
                                                  v1::GetPublicationRequest const* request,
                                                  v1::Publication* response) {
  return guard_.Handle(*context, kGetPublication, [&](auth::Caller const&) -> absl::Status {
    auto publication = publisher_.GetPublication(guard_.OutboundContext(*context), request->tag());
    if (publication.ok()) *response = *std::move(publication);
    return publication.status();
  });
}

}  // namespace stablecut::publisher
