#pragma once
// The candidate service's validated configuration.

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "lib/config/config_file.h"
#include "lib/release/github_settings.h"
#include "lib/schedule/cron.h"

namespace stablecut::v1 {
class CandidateServiceConfig;
}  // namespace stablecut::v1

namespace stablecut::candidate {

struct CandidateSettings {
  release::GitHubSettings github;  // endpoints, repository, token, CA bundle
  std::string project_name;    // default: repository name
  std::string default_branch;  // empty: ask GitHub
  std::vector<std::string> required_checks;
  int max_commits_scanned = 100;
  std::string candidate_name_template = "<project> candidate <tag>";
  std::string stable_name_template = "<project> stable <tag>";
  std::string build_workflow;
  std::vector<std::string> expected_assets;
  std::string submodule_path;
  absl::Duration finalize_interval = absl::Minutes(10);
  std::optional<schedule::CronSchedule> cut_schedule;
  std::string proposal_label = "release-proposal";
};

// Validates the config and reads the token file. INVALID_ARGUMENT "file:line: field: what".
absl::StatusOr<CandidateSettings> ReadCandidateSettings(config::ConfigFile const& file,
                                                        v1::CandidateServiceConfig const& config);

}  // namespace stablecut::candidate
