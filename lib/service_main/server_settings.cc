#include "lib/service_main/server_settings.h"

#include <fstream>
#include <sstream>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "lib/auth/tls_files.h"
#include "lib/auth/tls_material.h"
#include "lib/server/listen_address.h"
#include "stablecut/v1/config.pb.h"

namespace stablecut::service_main {
namespace {

constexpr std::size_t kMaxPemBytes = 1 << 20;

absl::StatusOr<std::string> ReadPemFile(std::string const& path, absl::string_view pem_kind) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::InvalidArgumentError(absl::StrCat("cannot read \"", path, "\""));
  std::ostringstream buffer;
  buffer << in.rdbuf();
  std::string pem = std::move(buffer).str();
  if (pem.size() > kMaxPemBytes || !absl::StrContains(pem, "-----BEGIN ")) {
    return absl::InvalidArgumentError(
        absl::StrCat("\"", path, "\" is not a PEM file (expected ", pem_kind, ")"));
  }
  return pem;
}

}  // namespace

absl::StatusOr<ServerSettings> ReadServerSettings(config::ConfigFile const& file,
                                                  v1::ServerConfig const& config,
                                                  std::string const& field_prefix,
                                                  ServerDefaults const& defaults,
                                                  ServerFlags const& flags,
                                                  std::set<std::string> const& served_methods) {
  auto field_error = [&](absl::string_view field, absl::string_view detail) {
    return file.FieldError(absl::StrCat(field_prefix, ".", field), detail);
  };
  ServerSettings settings;
  auto& options = settings.options;

  if (!flags.listen.empty()) {
    options.listen = flags.listen;
    if (auto address = server::ParseListenAddress(flags.listen); !address.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("--listen: ", address.status().message()));
    }
  } else {
    options.listen = config.listen().empty() ? defaults.listen : config.listen();
    if (auto address = server::ParseListenAddress(options.listen); !address.ok()) {
      return field_error("listen", address.status().message());
    }
  }

  if (!flags.health_listen.empty()) {
    options.health_listen = flags.health_listen == "none" ? "" : flags.health_listen;
    if (!options.health_listen.empty()) {
      if (auto address = server::ParseListenAddress(options.health_listen); !address.ok()) {
        return absl::InvalidArgumentError(
            absl::StrCat("--health_listen: ", address.status().message()));
      }
    }
  } else {
    std::string health =
        config.health_listen().empty() ? defaults.health_listen : config.health_listen();
    options.health_listen = health == "none" ? "" : health;
    if (!options.health_listen.empty()) {
      if (auto address = server::ParseListenAddress(options.health_listen); !address.ok()) {
        return field_error("health_listen", address.status().message());
      }
    }
  }

  options.insecure_loopback = flags.insecure_loopback;
  if (!flags.insecure_loopback) {
    struct PemField {
      std::string const& path;
      char const* name;
      char const* kind;
      std::string* pem;
    };
    PemField const pem_fields[] = {
        {config.tls().ca_file(), "tls.ca_file", "the CA certificate", &options.tls.ca_pem},
        {config.tls().cert_file(), "tls.cert_file", "the server certificate",
         &options.tls.cert_pem},
        {config.tls().key_file(), "tls.key_file", "the server's private key",
         &options.tls.key_pem},
    };
    for (auto const& field : pem_fields) {
      if (field.path.empty()) {
        return field_error(field.name,
                           absl::StrCat("is required for mTLS: the path of ", field.kind,
                                        " in PEM (or run with --insecure_loopback for local "
                                        "development on a loopback address)"));
      }
      auto pem = ReadPemFile(field.path, field.kind);
      if (!pem.ok()) return field_error(field.name, pem.status().message());
      *field.pem = *std::move(pem);
    }
    if (auto ca = auth::CheckCertificatesPem(options.tls.ca_pem); !ca.ok()) {
      return field_error("tls.ca_file", ca.message());
    }
    if (auto cert = auth::CheckCertificatesPem(options.tls.cert_pem); !cert.ok()) {
      return field_error("tls.cert_file", cert.message());
    }
    if (auto key = auth::CheckPrivateKeyPem(options.tls.key_pem); !key.ok()) {
      return field_error("tls.key_file", key.message());
    }
    if (auto pair = auth::CheckKeyMatchesCertificate(options.tls.cert_pem, options.tls.key_pem);
        !pair.ok()) {
      return field_error("tls.key_file", pair.message());
    }
    auto reload = auth::ParseTlsReloadInterval(config.tls().reload_interval());
    if (!reload.ok()) return field_error("tls.reload_interval", reload.status().message());
    options.tls.ca_file = config.tls().ca_file();
    options.tls.cert_file = config.tls().cert_file();
    options.tls.key_file = config.tls().key_file();
    options.tls.reload_interval = *reload;
  }

  if (!config.shutdown_grace().empty()) {
    absl::Duration grace;
    if (!absl::ParseDuration(config.shutdown_grace(), &grace) || grace < absl::ZeroDuration()) {
      return field_error("shutdown_grace",
                         absl::StrCat("\"", config.shutdown_grace(),
                                      "\" is not a duration (try \"30s\" or \"2m\")"));
    }
    options.shutdown_grace = grace;
  }

  if (!config.default_deadline().empty()) {
    absl::Duration deadline;
    if (!absl::ParseDuration(config.default_deadline(), &deadline) ||
        deadline <= absl::ZeroDuration()) {
      return field_error("default_deadline",
                         absl::StrCat("\"", config.default_deadline(),
                                      "\" is not a positive duration (try \"120s\" or \"5m\")"));
    }
    settings.default_deadline = deadline;
  }

  std::vector<auth::AclRule> rules;
  for (int i = 0; i < config.acl_size(); ++i) {
    auto const& rule = config.acl(i);
    auth::AclRule acl_rule{rule.method(),
                           std::vector<std::string>(rule.identities().begin(),
                                                    rule.identities().end())};
    if (auto status = auth::ValidateAclRule(acl_rule, served_methods); !status.ok()) {
      return field_error(absl::StrCat("acl[", i, "]"), status.message());
    }
    rules.push_back(std::move(acl_rule));
  }
  auto acl = auth::Acl::Create(rules, served_methods);
  if (!acl.ok()) return acl.status();
  settings.acl = *std::move(acl);
  return settings;
}

}  // namespace stablecut::service_main
