#include "lib/client/peer_settings.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <system_error>
#include <fstream>
#include <sstream>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "lib/auth/identity.h"
#include "lib/auth/tls_material.h"
#include "lib/server/listen_address.h"
#include "stablecut/v1/config.pb.h"

namespace stablecut::client {
namespace {

// A PEM bundle of a few certificates is kilobytes; a larger file is the wrong file.
constexpr std::size_t kMaxPemBytes = 1 << 20;

absl::Status FieldError(absl::string_view field, absl::string_view detail) {
  return absl::InvalidArgumentError(absl::StrCat(field, ": ", detail));
}

absl::StatusOr<std::string> ReadPemFile(std::string const& path, absl::string_view field,
                                        absl::string_view kind) {
  if (path.empty()) {
    return FieldError(field, absl::StrCat("is required: the path of ", kind, " in PEM"));
  }
  std::error_code error;
  // Linux opens a directory for reading, and reading it then yields nothing.
  if (std::filesystem::is_directory(path, error)) {
    return FieldError(field, absl::StrCat("\"", path, "\" is a directory; it should be a file "
                                          "holding ", kind));
  }
  errno = 0;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    // libstdc++ leaves open()'s errno, which tells "no such file" from "permission denied".
    std::string why = errno != 0 ? std::strerror(errno) : "unreadable";
    return FieldError(field, absl::StrCat("cannot read \"", path, "\" (", why,
                                          "); it should hold ", kind));
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  std::string pem = std::move(buffer).str();
  if (pem.empty()) {
    return FieldError(field, absl::StrCat("\"", path, "\" is empty; it should hold ", kind));
  }
  if (pem.size() > kMaxPemBytes || !absl::StrContains(pem, "-----BEGIN ")) {
    return FieldError(field,
                      absl::StrCat("\"", path, "\" is not a PEM file (expected ", kind, ")"));
  }
  return pem;
}

}  // namespace

absl::StatusOr<PeerSettings> ReadPeerSettings(v1::PeerConfig const& config) {
  PeerSettings settings;
  if (config.address().empty()) {
    return FieldError("address", "is required: the peer's host:port");
  }
  auto address = server::ParseListenAddress(config.address());
  if (!address.ok()) return FieldError("address", address.status().message());
  // Port 0 means "any" to a server; nothing can be called there.
  if (address->port == 0) {
    return FieldError("address", absl::StrCat("\"", config.address(), "\" needs a port"));
  }
  settings.address = address->ToGrpcAddress();
  settings.authority = config.authority();
  if (!config.server_identity().empty() &&
      !absl::StrContains(config.server_identity(), "://")) {
    return FieldError("server_identity",
                      absl::StrCat("\"", config.server_identity(),
                                   "\" is not a URI: give the URI SAN of the peer's server "
                                   "certificate, e.g. spiffe://example.org/ns/stablecut/sa/verifier"));
  }
  settings.server_identity = config.server_identity();

  if (!config.timeout().empty()) {
    absl::Duration timeout;
    if (!absl::ParseDuration(config.timeout(), &timeout) || timeout <= absl::ZeroDuration()) {
      return FieldError("timeout", absl::StrCat("\"", config.timeout(),
                                                "\" is not a positive duration (try \"30s\")"));
    }
    settings.timeout = timeout;
  }

  auto reload = auth::ParseTlsReloadInterval(config.tls().reload_interval());
  if (!reload.ok()) return FieldError("tls.reload_interval", reload.status().message());
  settings.reload_interval = *reload;

  settings.ca_file = config.tls().ca_file();
  settings.cert_file = config.tls().cert_file();
  settings.key_file = config.tls().key_file();
  struct PemField {
    std::string const& path;
    char const* name;
    char const* kind;
    std::string* pem;
  };
  PemField const pem_fields[] = {
      {config.tls().ca_file(), "tls.ca_file", "the CA certificate of the peer's server certificate",
       &settings.ca_pem},
      {config.tls().cert_file(), "tls.cert_file", "this service's client certificate",
       &settings.cert_pem},
      {config.tls().key_file(), "tls.key_file", "the private key of the client certificate",
       &settings.key_pem},
  };
  for (auto const& field : pem_fields) {
    auto pem = ReadPemFile(field.path, field.name, field.kind);
    if (!pem.ok()) return pem.status();
    *field.pem = *std::move(pem);
  }

  // The identity the peer will see is also the one our errors tell its operator to allow.
  auto identity = auth::IdentityFromPemCertificate(settings.cert_pem);
  if (!identity.ok()) {
    return FieldError("tls.cert_file", absl::StrCat("\"", settings.cert_file,
                                                    "\": ", identity.status().message()));
  }
  settings.identity = *std::move(identity);
  return settings;
}

}  // namespace stablecut::client
