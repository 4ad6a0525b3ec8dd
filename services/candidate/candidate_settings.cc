#include "services/candidate/candidate_settings.h"

#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "lib/http/url.h"
#include "stablecut/v1/config.pb.h"

namespace stablecut::candidate {

std::string ExpandNameTemplate(std::string const& name_template, std::string const& project,
                               std::string const& tag) {
  return absl::StrReplaceAll(name_template, {{"<project>", project}, {"<tag>", tag}});
}

absl::StatusOr<CandidateSettings> ReadCandidateSettings(config::ConfigFile const& file,
                                                        v1::CandidateServiceConfig const& config) {
  CandidateSettings settings;
  auto const& github = config.github();
  if (!github.api_base_url().empty()) settings.api_base_url = github.api_base_url();
  if (!github.uploads_base_url().empty()) settings.uploads_base_url = github.uploads_base_url();
  for (auto const& [field, url] : {std::pair<char const*, std::string const*>{
                                       "github.api_base_url", &settings.api_base_url},
                                   {"github.uploads_base_url", &settings.uploads_base_url}}) {
    auto parsed = http::ParseUrl(*url);
    if (!parsed.ok()) return file.FieldError(field, parsed.status().message());
    if (parsed->scheme == "http" && !http::IsLoopbackHost(parsed->host)) {
      return file.FieldError(field, "plain http is allowed to loopback only; use https");
    }
  }
  std::vector<std::string> repo = absl::StrSplit(github.repository(), '/');
  if (repo.size() != 2 || repo[0].empty() || repo[1].empty()) {
    return file.FieldError("github.repository",
                           absl::StrCat("\"", github.repository(), "\" is not \"owner/name\""));
  }
  settings.repository = {repo[0], repo[1]};
  if (github.token_file().empty()) {
    return file.FieldError("github.token_file",
                           "is required: the file holding a GitHub token with contents:write");
  }
  auto token = http::ReadSecretFile(github.token_file());
  if (!token.ok()) return file.FieldError("github.token_file", token.status().message());
  settings.token = *std::move(token);
  settings.ca_bundle_file = github.ca_bundle_file();

  settings.project_name = config.project_name().empty() ? repo[1] : config.project_name();
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
  if (settings.candidate_name_template == settings.stable_name_template) {
    return file.FieldError("stable_name_template",
                           "must differ from candidate_name_template, or a promotion is invisible");
  }
  settings.build_workflow = config.build_workflow();
  settings.expected_assets.assign(config.expected_assets().begin(),
                                  config.expected_assets().end());
  for (int i = 0; i < config.expected_assets_size(); ++i) {
    if (config.expected_assets(i).empty() ||
        config.expected_assets(i).find('/') != std::string::npos) {
      return file.FieldError(absl::StrCat("expected_assets[", i, "]"),
                             "must be a non-empty file-name pattern without '/'");
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
  return settings;
}

}  // namespace stablecut::candidate
