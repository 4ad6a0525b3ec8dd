#include "lib/client/call_context.h"

#include <algorithm>

namespace stablecut::client {

std::unique_ptr<grpc::ClientContext> NewCallContext(absl::Time caller_deadline,
                                                    absl::Duration timeout, absl::Time now) {
  auto context = std::make_unique<grpc::ClientContext>();
  absl::Time deadline = std::min(caller_deadline, now + timeout);
  // An infinite deadline is gRPC's default; ToChronoTime would saturate it anyway.
  if (deadline != absl::InfiniteFuture()) context->set_deadline(absl::ToChronoTime(deadline));
  return context;
}

}  // namespace stablecut::client
