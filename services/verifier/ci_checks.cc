#include "services/verifier/ci_checks.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "lib/release/ci_state.h"
#include "lib/release/commit_sha.h"
#include "services/verifier/check.h"

namespace stablecut::verifier {

github::CombinedStatus WithoutContext(github::CombinedStatus status, std::string const& context) {
  if (context.empty()) return status;
  auto& statuses = status.statuses;
  size_t before = statuses.size();
  statuses.erase(std::remove_if(statuses.begin(), statuses.end(),
                                [&](github::CommitStatus const& s) { return s.context == context; }),
                 statuses.end());
  if (statuses.size() == before) return status;
  status.total_count -= static_cast<int64_t>(before - statuses.size());
  if (status.total_count < 0) status.total_count = 0;
  bool red = false;
  bool pending = statuses.empty();
  for (auto const& s : statuses) {
    red = red || s.state == "failure" || s.state == "error";
    pending = pending || s.state == "pending";
  }
  status.state = red ? "failure" : pending ? "pending" : "success";
  return status;
}

v1::Check CiCheck(std::string const& sha, absl::StatusOr<github::CombinedStatus> const& status,
                  absl::StatusOr<std::vector<github::CheckRun>> const& check_runs,
                  std::vector<std::string> const& required_checks,
                  std::string const& integration_context) {
  std::string short_sha = release::ShortSha(sha);
  if (!status.ok()) {
    return Unreadable(kCi, absl::StrCat("the combined status of ", short_sha), status.status());
  }
  if (!check_runs.ok()) {
    return Unreadable(kCi, absl::StrCat("the check runs of ", short_sha), check_runs.status());
  }
  github::CombinedStatus judged = WithoutContext(*status, integration_context);
  std::vector<std::string> considered;
  considered.push_back(absl::StrCat("combined status of ", short_sha, ": ",
                                    judged.total_count == 0 ? "no statuses" : judged.state));
  for (auto const& s : status->statuses) {
    considered.push_back(absl::StrCat(
        "status \"", s.context, "\": ", s.state,
        !integration_context.empty() && s.context == integration_context
            ? " (the downstream integrator's: not judged here)"
            : ""));
  }
  for (auto const& run : *check_runs) {
    considered.push_back(absl::StrCat("check run \"", run.name, "\": ", run.status,
                                      run.conclusion.empty() ? "" : " ", run.conclusion));
  }
  for (auto const& name : required_checks) considered.push_back("required check " + name);
  release::CiVerdict verdict = release::EvaluateCi(judged, *check_runs, required_checks);
  if (verdict.state == release::CiState::kGreen) {
    return Pass(kCi,
                absl::StrCat("commit ", short_sha, " is green: ", check_runs->size(),
                             " check runs passed",
                             judged.total_count == 0
                                 ? ", no commit statuses"
                                 : absl::StrCat(", ", judged.total_count, " statuses success"),
                             required_checks.empty()
                                 ? ""
                                 : absl::StrCat(", all ", required_checks.size(),
                                                " required checks present")),
                std::move(considered));
  }
  return Fail(kCi, absl::StrCat("commit ", short_sha, " is not green: ", verdict.reason),
              std::move(considered));
}

v1::Check DownstreamIntegrationCheck(std::string const& sha, std::string const& context,
                                     absl::StatusOr<github::CombinedStatus> const& status) {
  std::string short_sha = release::ShortSha(sha);
  if (!status.ok()) {
    return Unreadable(kDownstreamIntegration,
                      absl::StrCat("the commit statuses of ", short_sha), status.status());
  }
  for (auto const& s : status->statuses) {
    if (s.context != context) continue;
    std::vector<std::string> considered = {absl::StrCat(
        "status \"", s.context, "\" on ", short_sha, ": ", s.state,
        s.description.empty() ? "" : absl::StrCat(" (", s.description, ")"),
        s.target_url.empty() ? "" : absl::StrCat(" ", s.target_url))};
    std::string said = s.description.empty() ? "" : absl::StrCat(": \"", s.description, "\"");
    if (s.state == "success") {
      return Pass(kDownstreamIntegration,
                  absl::StrCat("the downstream integrator reported \"", context, "\" success on ",
                               short_sha, said),
                  std::move(considered));
    }
    if (s.state == "failure" || s.state == "error") {
      return Fail(kDownstreamIntegration,
                  absl::StrCat("the downstream integrator reported \"", context, "\" ", s.state,
                               " on ", short_sha, said,
                               ": it needed cherry-picks: do not promote"),
                  std::move(considered));
    }
    return Inconclusive(kDownstreamIntegration,
                        absl::StrCat("the downstream integration of ", short_sha,
                                     " is still running (status \"", context, "\" is ", s.state,
                                     ")"),
                        std::move(considered));
  }
  return Inconclusive(kDownstreamIntegration,
                      absl::StrCat("not integrated yet: no status \"", context, "\" on ",
                                   short_sha, " (", status->statuses.size(),
                                   " other statuses)"),
                      {absl::StrCat("statuses of ", short_sha, ": ", status->statuses.size(),
                                    ", none with context \"", context, "\"")});
}

}  // namespace stablecut::verifier
