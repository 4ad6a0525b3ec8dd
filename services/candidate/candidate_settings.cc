#include "services/candidate/candidate_settings.h"

#include <utility>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "lib/release/asset_patterns.h"
#include "lib/release/github_settings.h"
#include "lib/release/name_template.h"
#include "stablecut/v1/config.pb.h"

namespace stablecut::candidate {

absl::StatusOr<CandidateSettings> ReadCandidateSettings(config::ConfigFile const& file,
                                                        v1::CandidateServiceConfig const& config) {
  auto github = release::ReadGitHubSettings(
      file, "github", config.github(),
      {/*required=*/true, "a GitHub token with contents:write"});
  if (!github.ok()) return github.status();
  CandidateSettings settings;
  settings.github = *std::move(github);

  settings.project_name =
      config.project_name().empty() ? settings.github.repository.name : config.project_name();
  settings.default_branch = config.default_branch();
  settings.required_checks.assign(config.required_checks().begin(),
                                  config.required_checks().end());
  if (config.max_commits_scanned() < 0 || config.max_commits_scanned() > 1000) {
    return file.FieldError("max_commits_scanned", "must be between 1 and 1000");
  }
  if (config.max_commits_scanned() > 0) settings.max_commits_scanned = config.max_commits_scanned();
  if (!config.candidate_name_template().empty()) {
    settings.candidate_name_template = config.candidate_name_template();
  }
  if (!config.stable_name_template().empty()) {
    settings.stable_name_template = config.stable_name_template();
  }
  for (auto const& [field, name_template] :
       {std::pair<char const*, std::string const*>{"candidate_name_template",
                                                    &settings.candidate_name_template},
        {"stable_name_template", &settings.stable_name_template}}) {
    if (auto valid = release::ValidateNameTemplate(*name_template); !valid.ok()) {
      return file.FieldError(field, valid.message());
    }
  }
  if (settings.candidate_name_template == settings.stable_name_template) {
    return file.FieldError("stable_name_template",
                           "must differ from candidate_name_template, or a promotion is invisible");
  }
  settings.build_workflow = config.build_workflow();
  settings.expected_assets.assign(config.expected_assets().begin(),
                                  config.expected_assets().end());
  for (int i = 0; i < config.expected_assets_size(); ++i) {
    if (auto valid = release::ValidateAssetPattern(config.expected_assets(i)); !valid.ok()) {
      return file.FieldError(absl::StrCat("expected_assets[", i, "]"), valid.message());
    }
  }
  settings.submodule_path = config.submodule_path();
  if (!config.finalize_interval().empty()) {
    absl::Duration interval;
    if (!absl::ParseDuration(config.finalize_interval(), &interval) ||
        interval < absl::ZeroDuration()) {
      return file.FieldError("finalize_interval",
                             absl::StrCat("\"", config.finalize_interval(),
                                          "\" is not a duration (try \"10m\", or \"0s\" for off)"));
    }
    settings.finalize_interval = interval;
  }
  if (!config.cut_schedule().empty()) {
    auto cron = schedule::CronSchedule::Parse(config.cut_schedule());
    if (!cron.ok()) return file.FieldError("cut_schedule", cron.status().message());
    settings.cut_schedule = *std::move(cron);
  }
  if (!config.proposal_label().empty()) {
    if (absl::StrContains(config.proposal_label(), ',')) {
      return file.FieldError("proposal_label", "must be one label name, without ','");
    }
    settings.proposal_label = config.proposal_label();
  }
  return settings;
}

}  // namespace stablecut::candidate
