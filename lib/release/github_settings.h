#pragma once
// A service's validated GitHub settings (the GitHubConfig message), shared by every service
// that talks to GitHub: endpoints, repository, token, CA bundle.

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "lib/config/config_file.h"
#include "lib/github/api.h"
#include "lib/http/token_source.h"

namespace stablecut::v1 {
class GitHubConfig;
}  // namespace stablecut::v1

namespace stablecut::release {

struct GitHubSettings {
  std::string api_base_url = "https://api.github.com";
  std::string uploads_base_url = "https://uploads.github.com";
  github::RepoRef repository;
  // Empty when the token is optional and none is configured; else read from token_file,
  // again when it changes (token_reload_interval).
  http::TokenSource token;
  std::string ca_bundle_file;
};

struct GitHubTokenRule {
  bool required = true;
  // What the token must be allowed to do, for the error when it is missing:
  // "a GitHub token with contents:write".
  std::string purpose;
};

// A token file is looked at again this often when the config is silent: a Kubernetes Secret
// volume takes about a minute to show a change anyway.
inline constexpr absl::Duration kDefaultTokenReloadInterval = absl::Seconds(60);

// Validates `config` (found at `field`, e.g. "github", in `file`) and reads the token file
// (http::ReadSecretFile's rules). INVALID_ARGUMENT "file:line: github.field: what".
absl::StatusOr<GitHubSettings> ReadGitHubSettings(config::ConfigFile const& file,
                                                  absl::string_view field,
                                                  v1::GitHubConfig const& config,
                                                  GitHubTokenRule const& token_rule);

}  // namespace stablecut::release
