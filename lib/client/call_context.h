#pragma once
// The client context of one call to a peer: its deadline is the caller's, or the peer's
// configured timeout from now when that is sooner.

#include <memory>

#include <grpcpp/client_context.h>

#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace stablecut::client {

// A context whose deadline is min(caller_deadline, now + timeout). Pass the deadline of the
// call being served (ServerContext::deadline()) so that a peer call never outlives it, or
// absl::InfiniteFuture() for the timeout alone. gRPC's retries happen within this deadline.
std::unique_ptr<grpc::ClientContext> NewCallContext(absl::Time caller_deadline,
                                                    absl::Duration timeout,
                                                    absl::Time now = absl::Now());

}  // namespace stablecut::client
