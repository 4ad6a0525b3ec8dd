#pragma once
// The publisher's validated configuration (PublisherServiceConfig).

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "lib/config/config_file.h"
#include "lib/release/github_settings.h"

namespace stablecut::v1 {
class PublisherServiceConfig;
}  // namespace stablecut::v1

namespace stablecut::publisher {

// PyPI's default largest file (docs/reference/pypi.md §4.2).
inline constexpr std::int64_t kPypiDefaultMaxFileBytes = 100LL * 1024 * 1024;
// PyPI's default largest project, all its files together (docs/reference/pypi.md §4.2).
inline constexpr std::int64_t kPypiDefaultMaxProjectBytes = 10LL * 1024 * 1024 * 1024;

struct TargetSettings {
  std::string name;
  std::string upload_url = "https://upload.pypi.org/legacy/";
  std::string json_api_base_url = "https://pypi.org/pypi";
  std::string token_file;
  std::int64_t max_file_bytes = kPypiDefaultMaxFileBytes;
  std::int64_t max_project_bytes = kPypiDefaultMaxProjectBytes;
};

struct PublisherSettings {
  release::GitHubSettings github;
  std::vector<TargetSettings> targets;
  std::string audit_file;
  int max_parallel_uploads = 4;
  std::vector<std::string> projects;  // PEP 503-normalized
};

// Validates the config. Every token file is read once here, so a bad one stops start-up
// (http::ReadSecretFile's rules; the error names the field and the file, never the
// content), and the audit file is opened for appending. INVALID_ARGUMENT
// "file:line: field: what".
absl::StatusOr<PublisherSettings> ReadPublisherSettings(config::ConfigFile const& file,
                                                        v1::PublisherServiceConfig const& config);

}  // namespace stablecut::publisher
