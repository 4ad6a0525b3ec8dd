#include "lib/release/github_settings.h"

#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "lib/config/reload_interval.h"
#include "lib/http/url.h"
#include "stablecut/v1/config.pb.h"

namespace stablecut::release {

absl::StatusOr<GitHubSettings> ReadGitHubSettings(config::ConfigFile const& file,
                                                  absl::string_view field,
                                                  v1::GitHubConfig const& config,
                                                  GitHubTokenRule const& token_rule) {
  auto path = [field](absl::string_view name) { return absl::StrCat(field, ".", name); };
  GitHubSettings settings;
  if (!config.api_base_url().empty()) settings.api_base_url = config.api_base_url();
  if (!config.uploads_base_url().empty()) settings.uploads_base_url = config.uploads_base_url();
  for (auto const& [name, url] : {std::pair<char const*, std::string const*>{
                                      "api_base_url", &settings.api_base_url},
                                  {"uploads_base_url", &settings.uploads_base_url}}) {
    auto parsed = http::ParseUrl(*url);
    if (!parsed.ok()) return file.FieldError(path(name), parsed.status().message());
    if (parsed->scheme == "http" && !http::IsLoopbackHost(parsed->host)) {
      return file.FieldError(path(name), "plain http is allowed to loopback only; use https");
    }
  }
  std::vector<std::string> repo = absl::StrSplit(config.repository(), '/');
  if (repo.size() != 2 || repo[0].empty() || repo[1].empty()) {
    return file.FieldError(path("repository"),
                           absl::StrCat("\"", config.repository(), "\" is not \"owner/name\""));
  }
  settings.repository = {repo[0], repo[1]};
  if (config.token_file().empty()) {
    if (token_rule.required) {
      return file.FieldError(path("token_file"),
                             absl::StrCat("is required: the file holding ", token_rule.purpose));
    }
    if (!config.token_reload_interval().empty()) {
      return file.FieldError(path("token_reload_interval"), "is set but token_file is not");
    }
  } else {
    auto reload = config::ParseReloadInterval(config.token_reload_interval(),
                                              kDefaultTokenReloadInterval, "the token file");
    if (!reload.ok()) {
      return file.FieldError(path("token_reload_interval"), reload.status().message());
    }
    if (*reload == absl::ZeroDuration()) {
      auto token = http::ReadSecretFile(config.token_file());
      if (!token.ok()) return file.FieldError(path("token_file"), token.status().message());
      settings.token = *std::move(token);
    } else {
      auto token = http::SecretFile::Open(config.token_file(), path("token_file"), *reload);
      if (!token.ok()) return file.FieldError(path("token_file"), token.status().message());
      settings.token = http::TokenSource(*std::move(token));
    }
  }
  settings.ca_bundle_file = config.ca_bundle_file();
  return settings;
}

}  // namespace stablecut::release
