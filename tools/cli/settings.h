#pragma once
// Where the CLI finds the services and its mTLS files: a flag, else an environment
// variable, else the config file; a setting found nowhere is a usage error naming all three.

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace stablecut::cli {

enum class Setting {
  kCandidate, kVerifier, kPublisher, kCa, kCert, kKey,
  // Optional: the URI SAN a service's certificate must carry, checked instead of its host
  // name (for workload certificates that name no host).
  kCandidateIdentity, kVerifierIdentity, kPublisherIdentity,
  // Optional: the host name a service's certificate must carry (and the TLS SNI), when the
  // address reaches it by another name or an IP address.
  kCandidateAuthority, kVerifierAuthority, kPublisherAuthority,
  // Optional: each call's deadline ("" = the command's default).
  kTimeout,
};

// How one setting is named in each source.
struct SettingNames {
  Setting setting;
  std::string key;       // the flag without "--" and the config file's key: "candidate"
  std::string variable;  // the environment variable: "STABLECUT_CANDIDATE"
  std::string what;      // for messages: "the candidate service's address"
  std::string metavar;   // the value's kind in help and messages: "ADDR", "FILE"
};
std::vector<SettingNames> const& AllSettings();
SettingNames const& NamesOf(Setting setting);
// The config file's keys, for ParseConfigFile.
std::vector<std::string> ConfigKeys();

// getenv, as a function so that tests give their own environment.
using EnvLookup = std::function<std::optional<std::string>(std::string const& name)>;

// $XDG_CONFIG_HOME/stablecut/config when XDG_CONFIG_HOME is an absolute path (the XDG base
// directory spec ignores a relative one), else $HOME/.config/stablecut/config; "" when
// neither is set.
std::string DefaultConfigPath(EnvLookup const& env);

class Settings {
 public:
  // `flags`: the values given on the command line, by key. The environment's empty values
  // count as unset. Reads the config file at `config_path` (absent is fine); its errors are
  // INVALID_ARGUMENT "path:line: ...", even when no setting is taken from it.
  static absl::StatusOr<Settings> Resolve(std::map<std::string, std::string> const& flags,
                                          EnvLookup const& env, std::string config_path);

  // The value, or INVALID_ARGUMENT "no <what>: give --key METAVAR, set VARIABLE or add
  // `key = METAVAR` to <config path>".
  absl::StatusOr<std::string> Get(Setting setting) const;
  // The value of an optional setting; "" when it is given nowhere.
  std::string GetOptional(Setting setting) const;

 private:
  Settings(std::map<Setting, std::string> values, std::string config_path)
      : values_(std::move(values)), config_path_(std::move(config_path)) {}

  std::map<Setting, std::string> values_;
  std::string config_path_;
};

}  // namespace stablecut::cli
