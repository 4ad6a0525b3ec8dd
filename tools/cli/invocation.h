#pragma once
// What every command gets: where to write and how, the deadline, and channels to the
// services built from the resolved settings.

#include <functional>
#include <map>
#include <memory>
#include <ostream>
#include <string>

#include <grpcpp/client_context.h>
#include <grpcpp/support/status.h>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "lib/client/peer_channel.h"
#include "tools/cli/settings.h"
#include "tools/cli/style.h"

namespace google::protobuf {
class Message;
}  // namespace google::protobuf

namespace stablecut::cli {

// The process's side of the CLI, so that tests can run it in memory.
struct Io {
  std::ostream& out;
  std::ostream& err;
  bool out_is_terminal = false;
  int terminal_columns = 80;
  EnvLookup env;
};

// The options every command takes, as CLI11 fills them.
struct GlobalOptions {
  std::map<std::string, std::string> settings;  // by key ("candidate"), as given on the line
  std::string output = "text";                  // "text" or "json"
};

enum class Service { kCandidate, kVerifier, kPublisher };

// The deadline of a call unless --timeout says otherwise; `publish` has its own.
inline constexpr absl::Duration kCallTimeout = absl::Seconds(60);

class Invocation {
 public:
  Invocation(Io const& io, GlobalOptions const& options) : io_(io), options_(options) {}

  std::ostream& out() const { return io_.out; }
  bool json() const { return options_.output == "json"; }
  bool out_is_terminal() const { return io_.out_is_terminal; }
  int terminal_columns() const { return io_.terminal_columns; }
  // Colours only in text mode, on a terminal, without NO_COLOR.
  Style style() const {
    return Style::For(io_.out_is_terminal && !json(), io_.env("NO_COLOR").has_value());
  }

  // An mTLS channel to `service` from the settings (flag, environment, config file), each
  // call's deadline --timeout or else `default_timeout`. INVALID_ARGUMENT for a setting
  // found nowhere, an unreadable or non-PEM file, or a --timeout that is not a duration.
  absl::StatusOr<client::PeerChannel> Connect(Service service,
                                              absl::Duration default_timeout) const;

  // Writes `message` as a JSON line (json()) or `text` (else).
  absl::Status Print(google::protobuf::Message const& message, std::string const& text) const;

 private:
  Io const& io_;
  GlobalOptions const& options_;
};

// One unary call: a context with the channel's deadline, `call` made with it, its status
// turned into ours by the channel (naming the service and the method).
absl::Status CallService(client::PeerChannel const& channel, absl::string_view method,
                         absl::FunctionRef<grpc::Status(grpc::ClientContext&)> call);

}  // namespace stablecut::cli
