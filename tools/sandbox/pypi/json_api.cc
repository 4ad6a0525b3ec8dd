// Builds warehouse's JSON API documents from the stored releases.
#include "tools/sandbox/pypi/json_api.h"

#include <optional>

#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"
#include "absl/strings/ascii.h"
#include "tools/sandbox/pypi/pep440.h"

namespace stablecut::sandbox::pypi {
namespace {

using nlohmann::json;

json First(StoredRelease const& release, char const* field) {
  auto it = release.metadata.find(field);
  if (it == release.metadata.end() || it->second.empty()) return nullptr;
  return it->second.front();
}

json List(StoredRelease const& release, char const* field, bool null_when_empty) {
  auto it = release.metadata.find(field);
  if (it == release.metadata.end() || it->second.empty()) {
    return null_when_empty ? json(nullptr) : json::array();
  }
  return it->second;
}

json ProjectUrls(StoredRelease const& release) {
  auto it = release.metadata.find("project_urls");
  if (it == release.metadata.end() || it->second.empty()) return nullptr;
  json urls = json::object();
  for (auto const& entry : it->second) {
    auto comma = entry.find(',');
    if (comma == std::string::npos) continue;
    auto label = entry.substr(0, comma);
    auto url = entry.substr(comma + 1);
    urls[std::string(absl::StripAsciiWhitespace(label))] =
        std::string(absl::StripAsciiWhitespace(url));
  }
  return urls;
}

json Info(StoredProject const& project, StoredRelease const& release,
          absl::string_view base_url) {
  std::string project_url = absl::StrCat(base_url, "/project/", project.name, "/");
  json description = First(release, "description");
  return {{"name", project.name},
          {"version", release.version},
          {"summary", First(release, "summary")},
          {"description", description.is_null() ? json("") : description},
          {"description_content_type", First(release, "description_content_type")},
          {"author", First(release, "author")},
          {"author_email", First(release, "author_email")},
          {"maintainer", First(release, "maintainer")},
          {"maintainer_email", First(release, "maintainer_email")},
          {"license", First(release, "license")},
          {"license_expression", First(release, "license_expression")},
          {"license_files", List(release, "license_file", true)},
          {"keywords", First(release, "keywords")},
          {"home_page", First(release, "home_page")},
          {"download_url", First(release, "download_url")},
          {"platform", First(release, "platform")},
          {"classifiers", List(release, "classifiers", false)},
          {"requires_dist", List(release, "requires_dist", true)},
          {"requires_python", First(release, "requires_python")},
          {"provides_extra", List(release, "provides_extra", true)},
          {"dynamic", List(release, "dynamic", true)},
          {"project_urls", ProjectUrls(release)},
          {"project_url", project_url},
          {"package_url", project_url},
          {"release_url", absl::StrCat(project_url, release.version, "/")},
          {"docs_url", nullptr},
          {"bugtrack_url", nullptr},
          {"downloads", {{"last_day", -1}, {"last_week", -1}, {"last_month", -1}}},
          {"yanked", false},
          {"yanked_reason", nullptr}};
}

json FileJson(StoredRelease const& release, StoredFile const& file,
              absl::string_view base_url) {
  return {{"filename", file.filename},
          {"digests",
           {{"md5", file.digests.md5},
            {"sha256", file.digests.sha256},
            {"blake2b_256", file.digests.blake2_256}}},
          {"md5_digest", file.digests.md5},
          {"size", file.size},
          {"packagetype", file.packagetype},
          {"python_version", file.python_version},
          {"requires_python", First(release, "requires_python")},
          {"url", FileUrl(base_url, file)},
          {"upload_time",
           absl::FormatTime("%Y-%m-%dT%H:%M:%S", file.upload_time, absl::UTCTimeZone())},
          {"upload_time_iso_8601",
           absl::FormatTime("%Y-%m-%dT%H:%M:%E6SZ", file.upload_time, absl::UTCTimeZone())},
          {"comment_text", file.comment_text.empty() ? json(nullptr) : json(file.comment_text)},
          {"has_sig", false},
          {"downloads", -1},
          {"core-metadata", false},
          {"data-dist-info-metadata", false},
          {"yanked", false},
          {"yanked_reason", nullptr}};
}

json Urls(StoredRelease const& release, absl::string_view base_url) {
  json urls = json::array();
  for (auto const& file : release.files) urls.push_back(FileJson(release, file, base_url));
  return urls;
}

}  // namespace

StoredRelease const* FindRelease(StoredProject const& project, absl::string_view version) {
  auto parsed = ParsePep440(version);
  if (!parsed) return nullptr;
  std::string canonical = CanonicalVersion(*parsed);
  for (auto const& release : project.releases) {
    if (release.canonical == canonical) return &release;
  }
  return nullptr;
}

StoredRelease const* LatestRelease(StoredProject const& project) {
  StoredRelease const* latest = nullptr;
  StoredRelease const* latest_final = nullptr;
  std::optional<Pep440Version> latest_version, latest_final_version;
  for (auto const& release : project.releases) {
    auto version = ParsePep440(release.version);
    if (!version) continue;
    if (!latest_version || ComparePep440(*version, *latest_version) > 0) {
      latest = &release;
      latest_version = version;
    }
    if (!IsPrerelease(*version) &&
        (!latest_final_version || ComparePep440(*version, *latest_final_version) > 0)) {
      latest_final = &release;
      latest_final_version = version;
    }
  }
  return latest_final != nullptr ? latest_final : latest;
}

std::string FileUrl(absl::string_view base_url, StoredFile const& file) {
  return absl::StrCat(base_url, "/files/", file.path);
}

json ReleaseJson(StoredProject const& project, StoredRelease const& release,
                 absl::string_view base_url, std::int64_t serial) {
  return {{"info", Info(project, release, base_url)},
          {"urls", Urls(release, base_url)},
          {"vulnerabilities", json::array()},
          {"last_serial", serial},
          {"ownership", {{"roles", json::array()}, {"organization", nullptr}}}};
}

json ProjectJson(StoredProject const& project, StoredRelease const& latest,
                 absl::string_view base_url, std::int64_t serial) {
  json document = ReleaseJson(project, latest, base_url, serial);
  json releases = json::object();
  for (auto const& release : project.releases) releases[release.version] = Urls(release, base_url);
  document["releases"] = releases;
  return document;
}

}  // namespace stablecut::sandbox::pypi
