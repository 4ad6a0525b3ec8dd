#include "lib/release/ci_state.h"

#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace stablecut::release {

CiVerdict EvaluateCi(github::CombinedStatus const& status,
                     std::vector<github::CheckRun> const& check_runs,
                     std::vector<std::string> const& required_checks) {
  std::vector<std::string> red;
  std::vector<std::string> pending;
  for (auto const& context : status.statuses) {
    if (context.state == "failure" || context.state == "error") {
      red.push_back(absl::StrCat("status \"", context.context, "\" is ", context.state));
    } else if (context.state == "pending") {
      pending.push_back(absl::StrCat("status \"", context.context, "\" is pending"));
    }
  }
  if (status.total_count > 0 && status.state != "success" && red.empty() && pending.empty()) {
    (status.state == "pending" ? pending : red)
        .push_back(absl::StrCat("combined status is ", status.state));
  }
  std::set<std::string> seen;
  for (auto const& run : check_runs) {
    seen.insert(run.name);
    if (run.status != "completed") {
      pending.push_back(absl::StrCat("check run \"", run.name, "\" is ", run.status));
    } else if (run.conclusion != "success" && run.conclusion != "neutral" &&
               run.conclusion != "skipped") {
      red.push_back(absl::StrCat("check run \"", run.name, "\" concluded ", run.conclusion));
    }
  }
  for (auto const& name : required_checks) {
    if (seen.count(name) == 0) {
      bool is_status = false;
      for (auto const& context : status.statuses) is_status = is_status || context.context == name;
      if (!is_status) pending.push_back(absl::StrCat("required check \"", name, "\" has not run"));
    }
  }
  if (!red.empty()) return {CiState::kRed, absl::StrCat("red: ", absl::StrJoin(red, ", "))};
  if (!pending.empty()) {
    return {CiState::kPending, absl::StrCat("pending: ", absl::StrJoin(pending, ", "))};
  }
  if (status.total_count == 0 && check_runs.empty()) {
    return {CiState::kPending, "pending: no CI has reported on it"};
  }
  return {CiState::kGreen, "green"};
}

}  // namespace stablecut::release
