#pragma once
// One unary call to a service, from the settings to the answer: what every command but
// `publish` and `candidates list` does before printing.

#include <grpcpp/client_context.h>
#include <grpcpp/support/status.h>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "tools/cli/invocation.h"

namespace stablecut::cli {

// Connects to `service` (deadline --timeout, else kCallTimeout) and calls `rpc` of its
// generated Stub, e.g. &v1::CandidateService::Stub::GetCandidate. A template because each
// method has its own message types; the work is in Connect and CallService.
template <typename Stub, typename Request, typename Response>
absl::StatusOr<Response> CallUnary(Invocation const& invocation, Service service,
                                   absl::string_view method,
                                   grpc::Status (Stub::*rpc)(grpc::ClientContext*,
                                                             Request const&, Response*),
                                   Request const& request) {
  auto channel = invocation.Connect(service, kCallTimeout);
  if (!channel.ok()) return channel.status();
  Stub stub(channel->channel());
  Response response;
  auto status = CallService(*channel, method, [&](grpc::ClientContext& context) {
    return (stub.*rpc)(&context, request, &response);
  });
  if (!status.ok()) return status;
  return response;
}

}  // namespace stablecut::cli
