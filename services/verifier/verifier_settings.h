#pragma once
// The verifier service's validated configuration (VerifierServiceConfig), with the
// defaults of the verifier issue.

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "lib/config/config_file.h"
#include "lib/github/api.h"
#include "lib/http/token_source.h"

namespace stablecut::v1 {
class VerifierServiceConfig;
}  // namespace stablecut::v1

namespace stablecut::verifier {

struct VerifierSettings {
  std::string api_base_url = "https://api.github.com";
  github::RepoRef repository;
  http::TokenSource token;  // empty: anonymous
  std::string ca_bundle_file;
  std::string default_branch;  // empty: the repository's default branch
  absl::Duration min_age = absl::Hours(96);
  std::vector<std::string> required_checks;
  std::vector<std::string> regression_labels = {"P0", "regression"};
  std::string hold_label = "release-hold";
  std::string submodule_path = "third_party/llvm-project";
  github::RepoRef upstream_repo{"llvm", "llvm-project"};
  std::string upstream_branch = "main";
  std::vector<std::string> expected_assets;
  std::string integrated_commits_url;      // empty: llvm_integrated is off
  std::string integration_status_context;  // empty: downstream_integration is off
  int max_candidates = 30;
  // Unset: the objections check is off.
  std::optional<absl::Duration> objection_window;
  std::string proposal_label = "release-proposal";
  std::vector<std::string> objector_associations = {"OWNER", "MEMBER", "COLLABORATOR"};
};

// Validates the config and reads the optional token file. INVALID_ARGUMENT
// "file:line: field: what".
absl::StatusOr<VerifierSettings> ReadVerifierSettings(config::ConfigFile const& file,
                                                      v1::VerifierServiceConfig const& config);

}  // namespace stablecut::verifier
