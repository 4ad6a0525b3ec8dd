#pragma once
// Building a v1::Check: the outcome, the sentence an operator acts on, and what was considered.
// Shared by every check of the verifier.

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "stablecut/v1/verifier.pb.h"

namespace stablecut::verifier {

// The criteria, in the order a verdict lists them.
inline constexpr char kAge[] = "age";
inline constexpr char kCi[] = "ci";
inline constexpr char kOnDefaultBranch[] = "on_default_branch";
inline constexpr char kAfterStable[] = "after_stable";
inline constexpr char kP0Regressions[] = "p0_regressions";
inline constexpr char kHolds[] = "holds";
inline constexpr char kLlvmUpstream[] = "llvm_upstream";
inline constexpr char kLlvmIntegrated[] = "llvm_integrated";
inline constexpr char kDownstreamIntegration[] = "downstream_integration";
inline constexpr char kObjections[] = "objections";
inline constexpr char kAssets[] = "assets";

v1::Check MakeCheck(absl::string_view name, v1::Check::Outcome outcome, std::string detail,
                    std::vector<std::string> considered = {});
v1::Check Pass(absl::string_view name, std::string detail,
               std::vector<std::string> considered = {});
v1::Check Fail(absl::string_view name, std::string detail,
               std::vector<std::string> considered = {});
v1::Check Inconclusive(absl::string_view name, std::string detail,
                       std::vector<std::string> considered = {});
// INCONCLUSIVE: "could not read <what> from GitHub: <error> (<CODE>); try again".
v1::Check Unreadable(absl::string_view name, absl::string_view what, absl::Status const& error,
                     std::vector<std::string> considered = {});
// "could not read <what> from GitHub: <error> (<CODE>)".
std::string UnreadableReason(absl::string_view what, absl::Status const& error);

// "3 days 2 hours", "5 hours 10 minutes", "40 minutes".
std::string DescribeDuration(absl::Duration duration);
// "2026-11-28 10:00 UTC".
std::string FormatUtc(absl::Time time);

}  // namespace stablecut::verifier
