#include "services/verifier/verifier_settings.h"

#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "lib/http/url.h"
#include "lib/release/asset_patterns.h"
#include "lib/release/github_settings.h"
#include "lib/release/proposal.h"
#include "stablecut/v1/config.pb.h"

namespace stablecut::verifier {

absl::StatusOr<VerifierSettings> ReadVerifierSettings(config::ConfigFile const& file,
                                                      v1::VerifierServiceConfig const& config) {
  auto github = release::ReadGitHubSettings(
      file, "github", config.github(),
      {/*required=*/false, "a read-only GitHub token (contents, issues, statuses, checks)"});
  if (!github.ok()) return github.status();
  VerifierSettings settings;
  settings.api_base_url = github->api_base_url;
  settings.repository = github->repository;
  settings.token = std::move(github->token);
  settings.ca_bundle_file = github->ca_bundle_file;
  settings.default_branch = config.default_branch();

  if (!config.min_age().empty()) {
    absl::Duration min_age;
    if (!absl::ParseDuration(config.min_age(), &min_age) || min_age < absl::ZeroDuration()) {
      return file.FieldError("min_age", absl::StrCat("\"", config.min_age(),
                                                     "\" is not a duration (try \"96h\")"));
    }
    settings.min_age = min_age;
  }
  settings.required_checks.assign(config.required_checks().begin(),
                                  config.required_checks().end());
  for (int i = 0; i < config.required_checks_size(); ++i) {
    if (config.required_checks(i).empty()) {
      return file.FieldError(absl::StrCat("required_checks[", i, "]"), "must not be empty");
    }
  }
  if (config.regression_labels_size() > 0) {
    settings.regression_labels.assign(config.regression_labels().begin(),
                                      config.regression_labels().end());
    for (int i = 0; i < config.regression_labels_size(); ++i) {
      if (config.regression_labels(i).empty() ||
          absl::StrContains(config.regression_labels(i), ',')) {
        return file.FieldError(absl::StrCat("regression_labels[", i, "]"),
                               "must be a non-empty label name without ','");
      }
    }
  }
  if (!config.hold_label().empty()) {
    if (absl::StrContains(config.hold_label(), ',')) {
      return file.FieldError("hold_label", "must be one label name, without ','");
    }
    settings.hold_label = config.hold_label();
  }
  if (!config.submodule_path().empty()) {
    if (absl::StartsWith(config.submodule_path(), "/") ||
        absl::EndsWith(config.submodule_path(), "/")) {
      return file.FieldError("submodule_path",
                             "must be a path inside the repository, without a leading or "
                             "trailing '/'");
    }
    settings.submodule_path = config.submodule_path();
  }
  if (!config.upstream_repo().empty()) {
    std::vector<std::string> parts = absl::StrSplit(config.upstream_repo(), '/');
    if (parts.size() != 2 || parts[0].empty() || parts[1].empty()) {
      return file.FieldError("upstream_repo", absl::StrCat("\"", config.upstream_repo(),
                                                           "\" is not \"owner/name\""));
    }
    settings.upstream_repo = {parts[0], parts[1]};
  }
  if (!config.upstream_branch().empty()) settings.upstream_branch = config.upstream_branch();
  settings.expected_assets.assign(config.expected_assets().begin(),
                                  config.expected_assets().end());
  for (int i = 0; i < config.expected_assets_size(); ++i) {
    if (auto valid = release::ValidateAssetPattern(config.expected_assets(i)); !valid.ok()) {
      return file.FieldError(absl::StrCat("expected_assets[", i, "]"), valid.message());
    }
  }
  if (!config.integrated_commits_url().empty()) {
    auto url = http::ParseUrl(config.integrated_commits_url());
    if (!url.ok()) return file.FieldError("integrated_commits_url", url.status().message());
    if (url->scheme != "https" && !(url->scheme == "http" && http::IsLoopbackHost(url->host))) {
      return file.FieldError("integrated_commits_url",
                             "must be https (plain http is allowed to loopback only)");
    }
    settings.integrated_commits_url = config.integrated_commits_url();
  }
  settings.integration_status_context = config.integration_status_context();
  if (config.max_candidates() < 0 || config.max_candidates() > 100) {
    return file.FieldError("max_candidates", "must be between 1 and 100");
  }
  if (config.max_candidates() > 0) settings.max_candidates = config.max_candidates();

  if (!config.objection_window().empty()) {
    absl::Duration window;
    if (!absl::ParseDuration(config.objection_window(), &window) ||
        window < absl::ZeroDuration()) {
      return file.FieldError("objection_window",
                             absl::StrCat("\"", config.objection_window(),
                                          "\" is not a duration (try \"48h\")"));
    }
    settings.objection_window = window;
  }
  if (!config.proposal_label().empty()) {
    if (absl::StrContains(config.proposal_label(), ',')) {
      return file.FieldError("proposal_label", "must be one label name, without ','");
    }
    settings.proposal_label = config.proposal_label();
  }
  if (config.objector_associations_size() > 0) {
    settings.objector_associations.clear();
    for (int i = 0; i < config.objector_associations_size(); ++i) {
      std::string const& association = config.objector_associations(i);
      if (!release::IsAuthorAssociation(association)) {
        return file.FieldError(
            absl::StrCat("objector_associations[", i, "]"),
            absl::StrCat("\"", association, "\" is not one of GitHub's author associations (",
                         absl::StrJoin(release::kAuthorAssociations, ", "), ")"));
      }
      settings.objector_associations.push_back(association);
    }
  }
  return settings;
}

}  // namespace stablecut::verifier
