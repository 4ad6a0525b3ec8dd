#include "tools/cli/settings.h"

#include <utility>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "tools/cli/config_file.h"

namespace stablecut::cli {

std::vector<SettingNames> const& AllSettings() {
  static auto const* const kAll = new std::vector<SettingNames>{
      {Setting::kCandidate, "candidate", "STABLECUT_CANDIDATE",
       "address of the candidate service", "ADDR"},
      {Setting::kVerifier, "verifier", "STABLECUT_VERIFIER", "address of the verifier",
       "ADDR"},
      {Setting::kPublisher, "publisher", "STABLECUT_PUBLISHER", "address of the publisher",
       "ADDR"},
      {Setting::kCa, "ca", "STABLECUT_CA",
       "CA file (PEM) to trust for the services' certificates", "FILE"},
      {Setting::kCert, "cert", "STABLECUT_CERT", "client certificate file (PEM)", "FILE"},
      {Setting::kKey, "key", "STABLECUT_KEY", "client key file (PEM)", "FILE"},
      {Setting::kCandidateIdentity, "candidate-identity", "STABLECUT_CANDIDATE_IDENTITY",
       "URI SAN the candidate service's certificate must carry, checked instead of its host "
       "name (optional)", "URI"},
      {Setting::kVerifierIdentity, "verifier-identity", "STABLECUT_VERIFIER_IDENTITY",
       "URI SAN the verifier's certificate must carry, checked instead of its host name "
       "(optional)", "URI"},
      {Setting::kPublisherIdentity, "publisher-identity", "STABLECUT_PUBLISHER_IDENTITY",
       "URI SAN the publisher's certificate must carry, checked instead of its host name "
       "(optional)", "URI"},
      {Setting::kCandidateAuthority, "candidate-authority", "STABLECUT_CANDIDATE_AUTHORITY",
       "host name the candidate service's certificate names, when its address does not "
       "(optional; also the TLS SNI)", "HOST"},
      {Setting::kVerifierAuthority, "verifier-authority", "STABLECUT_VERIFIER_AUTHORITY",
       "host name the verifier's certificate names, when its address does not (optional; "
       "also the TLS SNI)", "HOST"},
      {Setting::kPublisherAuthority, "publisher-authority", "STABLECUT_PUBLISHER_AUTHORITY",
       "host name the publisher's certificate names, when its address does not (optional; "
       "also the TLS SNI)", "HOST"},
      {Setting::kTimeout, "timeout", "STABLECUT_TIMEOUT",
       "deadline of each call, e.g. 30s, 5m (optional; default 60s, publish 1h)", "DURATION"},
  };
  return *kAll;
}

SettingNames const& NamesOf(Setting setting) {
  for (auto const& names : AllSettings()) {
    if (names.setting == setting) return names;
  }
  return AllSettings().front();  // unreachable: every Setting is listed
}

std::vector<std::string> ConfigKeys() {
  std::vector<std::string> keys;
  for (auto const& names : AllSettings()) keys.push_back(names.key);
  return keys;
}

std::string DefaultConfigPath(EnvLookup const& env) {
  auto xdg = env("XDG_CONFIG_HOME");
  if (xdg && absl::StartsWith(*xdg, "/")) return absl::StrCat(*xdg, "/stablecut/config");
  auto home = env("HOME");
  if (home && !home->empty()) return absl::StrCat(*home, "/.config/stablecut/config");
  return "";
}

absl::StatusOr<Settings> Settings::Resolve(std::map<std::string, std::string> const& flags,
                                           EnvLookup const& env, std::string config_path) {
  auto file = LoadConfigFile(config_path, ConfigKeys());
  if (!file.ok()) return file.status();
  std::map<Setting, std::string> values;
  for (auto const& names : AllSettings()) {
    if (auto flag = flags.find(names.key); flag != flags.end() && !flag->second.empty()) {
      values[names.setting] = flag->second;
    } else if (auto variable = env(names.variable); variable && !variable->empty()) {
      values[names.setting] = *variable;
    } else if (auto line = file->find(names.key); line != file->end()) {
      values[names.setting] = line->second;
    }
  }
  return Settings(std::move(values), std::move(config_path));
}

absl::StatusOr<std::string> Settings::Get(Setting setting) const {
  if (auto value = values_.find(setting); value != values_.end()) return value->second;
  SettingNames const& names = NamesOf(setting);
  return absl::InvalidArgumentError(absl::StrCat(
      "no ", names.what, ": give --", names.key, " ", names.metavar, ", set ", names.variable,
      " or add `", names.key, " = ", names.metavar, "` to ",
      config_path_.empty() ? "~/.config/stablecut/config" : config_path_));
}

std::string Settings::GetOptional(Setting setting) const {
  auto value = values_.find(setting);
  return value != values_.end() ? value->second : "";
}

}  // namespace stablecut::cli
