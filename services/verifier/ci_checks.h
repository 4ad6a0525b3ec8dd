#pragma once
// The checks that read the candidate commit's statuses and check runs: ci and
// downstream_integration.

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "lib/github/types.h"
#include "stablecut/v1/verifier.pb.h"

namespace stablecut::verifier {

// The combined status without the statuses of `context` (its state recomputed as GitHub
// would); unchanged when `context` is empty.
github::CombinedStatus WithoutContext(github::CombinedStatus status, std::string const& context);

// `ci`: the commit is green (release::EvaluateCi: combined status success or no statuses,
// every check run success/neutral/skipped, none pending, every required check present and
// green). `integration_context` (the downstream integrator's status) is left out: it arrives
// after the cut and is judged by downstream_integration.
v1::Check CiCheck(std::string const& sha, absl::StatusOr<github::CombinedStatus> const& status,
                  absl::StatusOr<std::vector<github::CheckRun>> const& check_runs,
                  std::vector<std::string> const& required_checks,
                  std::string const& integration_context);

// `downstream_integration`: the status `context` on the commit: success passes, failure or
// error fails (it needed cherry-picks), pending or absent is INCONCLUSIVE.
v1::Check DownstreamIntegrationCheck(std::string const& sha, std::string const& context,
                                     absl::StatusOr<github::CombinedStatus> const& status);

}  // namespace stablecut::verifier
