#include "services/publisher/publisher_settings.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <set>

#include "absl/strings/str_cat.h"
#include "lib/http/secret.h"
#include "lib/http/url.h"
#include "lib/wheel/wheel_filename.h"
#include "stablecut/v1/config.pb.h"

namespace stablecut::publisher {
namespace {

// The token goes to the upload URL in clear inside TLS; plain HTTP would show it to the
// network, so it is only allowed where the network is this machine (the sandbox).
absl::Status CheckIndexUrl(absl::string_view url) {
  auto parsed = http::ParseUrl(url);
  if (!parsed.ok()) return parsed.status();
  if (parsed->scheme != "https" && !http::IsLoopbackHost(parsed->host)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "\"", url, "\" is plain HTTP to a host that is not loopback; use https://"));
  }
  return absl::OkStatus();
}

absl::StatusOr<TargetSettings> ReadTarget(config::ConfigFile const& file,
                                          v1::PublishTarget const& config, int index) {
  std::string field = absl::StrCat("targets[", index, "]");
  TargetSettings target;
  if (config.name().empty()) {
    return file.FieldError(absl::StrCat(field, ".name"),
                           "is required (e.g. \"pypi\" or \"testpypi\")");
  }
  target.name = config.name();
  if (!config.upload_url().empty()) target.upload_url = config.upload_url();
  if (auto status = CheckIndexUrl(target.upload_url); !status.ok()) {
    return file.FieldError(absl::StrCat(field, ".upload_url"), status.message());
  }
  if (!config.json_api_base_url().empty()) {
    target.json_api_base_url = config.json_api_base_url();
    while (!target.json_api_base_url.empty() && target.json_api_base_url.back() == '/') {
      target.json_api_base_url.pop_back();
    }
  }
  if (auto status = CheckIndexUrl(target.json_api_base_url); !status.ok()) {
    return file.FieldError(absl::StrCat(field, ".json_api_base_url"), status.message());
  }
  if (config.token_file().empty()) {
    return file.FieldError(absl::StrCat(field, ".token_file"),
                           "is required: the file holding this target's PyPI API token");
  }
  target.token_file = config.token_file();
  if (auto token = http::ReadSecretFile(target.token_file); !token.ok()) {
    return file.FieldError(absl::StrCat(field, ".token_file"), token.status().message());
  }
  if (config.max_file_bytes() < 0) {
    return file.FieldError(absl::StrCat(field, ".max_file_bytes"), "must not be negative");
  }
  if (config.max_file_bytes() > 0) target.max_file_bytes = config.max_file_bytes();
  if (config.max_project_bytes() < 0) {
    return file.FieldError(absl::StrCat(field, ".max_project_bytes"), "must not be negative");
  }
  if (config.max_project_bytes() > 0) target.max_project_bytes = config.max_project_bytes();
  return target;
}

absl::Status CheckAppendable(std::string const& path) {
  int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) {
    return absl::InvalidArgumentError(absl::StrCat("cannot open \"", path,
                                                   "\" for appending: ", std::strerror(errno)));
  }
  ::close(fd);
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<PublisherSettings> ReadPublisherSettings(config::ConfigFile const& file,
                                                        v1::PublisherServiceConfig const& config) {
  PublisherSettings settings;
  auto github = release::ReadGitHubSettings(
      file, "github", config.github(),
      {/*required=*/false, "a GitHub token with contents:read (private repositories only)"});
  if (!github.ok()) return github.status();
  settings.github = *std::move(github);

  if (config.targets_size() == 0) {
    return file.FieldError("targets", "name at least one package index to publish to");
  }
  std::set<std::string> names;
  for (int i = 0; i < config.targets_size(); ++i) {
    auto target = ReadTarget(file, config.targets(i), i);
    if (!target.ok()) return target.status();
    if (!names.insert(target->name).second) {
      return file.FieldError(absl::StrCat("targets[", i, "].name"),
                             absl::StrCat("\"", target->name, "\" names two targets"));
    }
    settings.targets.push_back(*std::move(target));
  }

  if (config.audit_file().empty()) {
    return file.FieldError("audit_file",
                           "is required: every publish is recorded there before it starts");
  }
  if (auto status = CheckAppendable(config.audit_file()); !status.ok()) {
    return file.FieldError("audit_file", status.message());
  }
  settings.audit_file = config.audit_file();

  if (config.max_parallel_uploads() < 0 || config.max_parallel_uploads() > 64) {
    return file.FieldError("max_parallel_uploads", "must be between 1 and 64 (0: the default, 4)");
  }
  if (config.max_parallel_uploads() > 0) settings.max_parallel_uploads = config.max_parallel_uploads();

  if (config.projects_size() == 0) {
    return file.FieldError("projects",
                           "name the PyPI projects the release's files belong to, e.g. "
                           "[\"widgets\"]");
  }
  for (int i = 0; i < config.projects_size(); ++i) {
    std::string normalized = wheel::NormalizeProjectName(config.projects(i));
    if (normalized.empty() || normalized == "-") {
      return file.FieldError(absl::StrCat("projects[", i, "]"), "must be a project name");
    }
    settings.projects.push_back(std::move(normalized));
  }
  return settings;
}

}  // namespace stablecut::publisher
