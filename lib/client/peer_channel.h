#pragma once
// An mTLS channel to another Stablecut service (a "peer"): our client certificate, the peer's
// CA, gRPC's retry policy for idempotent methods, per-call deadlines, errors naming the peer.

#include <memory>
#include <string>

#include <grpcpp/channel.h>
#include <grpcpp/client_context.h>
#include <grpcpp/support/status.h>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "lib/client/peer_error.h"

namespace stablecut::v1 {
class PeerConfig;
}  // namespace stablecut::v1

namespace stablecut::client {

// Cheap to copy (the gRPC channel is shared); thread-safe. Connects lazily: building one
// never fails because the peer is down, its first call does.
class PeerChannel {
 public:
  std::shared_ptr<grpc::Channel> const& channel() const { return channel_; }
  // The peer as messages name it ("the candidate service"), its address and our identity.
  PeerDescription const& peer() const { return peer_; }
  absl::Duration timeout() const { return timeout_; }

  // A context for one call: deadline min(caller_deadline, now + timeout()).
  std::unique_ptr<grpc::ClientContext> NewCallContext(
      absl::Time caller_deadline = absl::InfiniteFuture()) const;
  // PeerError(status, peer(), method).
  absl::Status Error(grpc::Status const& status, absl::string_view method) const;

 private:
  friend absl::StatusOr<PeerChannel> MakePeerChannel(v1::PeerConfig const&, std::string);
  PeerChannel(std::shared_ptr<grpc::Channel> channel, PeerDescription peer,
              absl::Duration timeout)
      : channel_(std::move(channel)), peer_(std::move(peer)), timeout_(timeout) {}

  std::shared_ptr<grpc::Channel> channel_;
  PeerDescription peer_;
  absl::Duration timeout_;
};

// Validates `config` and reads its PEM files (ReadPeerSettings), then builds the channel:
// TLS credentials with our client certificate (its files read again every
// tls.reload_interval), the authority override when set, and RetryServiceConfigJson(). `peer_name` names the peer in errors: "the candidate service".
// INVALID_ARGUMENT "<peer_name>: <field>: what is wrong", naming the file when one is
// missing, unreadable, empty or not PEM.
absl::StatusOr<PeerChannel> MakePeerChannel(v1::PeerConfig const& config, std::string peer_name);

}  // namespace stablecut::client
