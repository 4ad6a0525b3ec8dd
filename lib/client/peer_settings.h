#pragma once
// A PeerConfig checked and its PEM files read: everything a peer channel is built from.

#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace stablecut::v1 {
class PeerConfig;
}  // namespace stablecut::v1

namespace stablecut::client {

// What a call to a peer uses where the config is silent.
inline constexpr absl::Duration kDefaultPeerTimeout = absl::Seconds(30);

struct PeerSettings {
  std::string address;    // as gRPC takes it: "127.0.0.1:50051", "[::1]:50051"
  std::string authority;  // the name the peer's certificate must carry; empty: address's host
  std::string server_identity;  // when set, the URI SAN checked instead of the host name
  absl::Duration timeout = kDefaultPeerTimeout;
  std::string ca_file;    // the paths: for error messages, and read again on reload_interval
  std::string cert_file;
  std::string key_file;
  absl::Duration reload_interval;  // zero: the PEMs below serve for the channel's life
  std::string ca_pem;     // the contents
  std::string cert_pem;
  std::string key_pem;
  std::string identity;   // ours, from cert_pem: its URI SAN, else its CN
};

// Validates `config` and reads its three PEM files. Errors are INVALID_ARGUMENT
// "field: what is wrong", with field relative to the PeerConfig ("tls.cert_file"), and
// name the file when one is missing, unreadable, empty or not PEM.
absl::StatusOr<PeerSettings> ReadPeerSettings(v1::PeerConfig const& config);

}  // namespace stablecut::client
