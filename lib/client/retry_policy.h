#pragma once
// gRPC's own retry policy for peer channels, as a service config: which methods it may
// retry, how often, and how far apart.

#include <string>
#include <vector>

namespace stablecut::client {

// Full names ("stablecut.v1.CandidateService/GetCandidate") of the methods that may be
// retried: those that read and change nothing, so that a repeated call is harmless.
// CreateCandidate, FinalizeCandidates, PromoteCandidate and Publish are not among them: an
// UNAVAILABLE may come after the peer acted, and a second try must be the caller's choice.
std::vector<std::string> const& IdempotentMethods();

// The service config JSON (GRPC_ARG_SERVICE_CONFIG) of every peer channel: up to 4
// attempts on UNAVAILABLE for IdempotentMethods(), with exponential backoff from 0.2s to
// 2s. gRPC 1.51 enables retries by default (grpc.enable_retries, since 1.40), so this is all
// it takes; attempts stay within the call's deadline.
std::string const& RetryServiceConfigJson();

}  // namespace stablecut::client
