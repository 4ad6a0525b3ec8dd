#include "tools/cli/invocation.h"

#include <google/protobuf/message.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "stablecut/v1/config.pb.h"
#include "tools/cli/json_output.h"

namespace stablecut::cli {
namespace {

struct ServiceNames {
  Setting address;
  char const* name;  // as errors name it
};

ServiceNames NamesOf(Service service) {
  switch (service) {
    case Service::kCandidate:
      return {Setting::kCandidate, "the candidate service"};
    case Service::kVerifier:
      return {Setting::kVerifier, "the verifier"};
    case Service::kPublisher:
    default:
      return {Setting::kPublisher, "the publisher"};
  }
}

absl::StatusOr<absl::Duration> ParseTimeout(std::string const& text, absl::Duration fallback) {
  if (text.empty()) return fallback;
  absl::Duration timeout;
  if (!absl::ParseDuration(text, &timeout) || timeout <= absl::ZeroDuration()) {
    return absl::InvalidArgumentError(
        absl::StrCat("--timeout: \"", text, "\" is not a positive duration (try \"30s\", "
                     "\"5m\" or \"1h\")"));
  }
  return timeout;
}

}  // namespace

absl::StatusOr<client::PeerChannel> Invocation::Connect(Service service,
                                                        absl::Duration default_timeout) const {
  auto timeout = ParseTimeout(options_.timeout, default_timeout);
  if (!timeout.ok()) return timeout.status();
  auto settings = Settings::Resolve(options_.settings, io_.env, DefaultConfigPath(io_.env));
  if (!settings.ok()) return settings.status();
  ServiceNames names = NamesOf(service);
  v1::PeerConfig config;
  for (auto [setting, field] :
       {std::pair{names.address, config.mutable_address()},
        std::pair{Setting::kCa, config.mutable_tls()->mutable_ca_file()},
        std::pair{Setting::kCert, config.mutable_tls()->mutable_cert_file()},
        std::pair{Setting::kKey, config.mutable_tls()->mutable_key_file()}}) {
    auto value = settings->Get(setting);
    if (!value.ok()) return value.status();
    *field = *value;
  }
  config.set_timeout(absl::FormatDuration(*timeout));
  auto channel = client::MakePeerChannel(config, names.name);
  if (!channel.ok()) {
    // The library names PeerConfig's fields; a CLI user knows the flags.
    return absl::Status(
        channel.status().code(),
        absl::StrReplaceAll(channel.status().message(), {{"tls.ca_file", "--ca"},
                                                         {"tls.cert_file", "--cert"},
                                                         {"tls.key_file", "--key"}}));
  }
  return channel;
}

absl::Status Invocation::Print(google::protobuf::Message const& message,
                               std::string const& text) const {
  if (!json()) {
    io_.out << text << std::flush;
    return absl::OkStatus();
  }
  auto line = JsonLine(message);
  if (!line.ok()) return line.status();
  io_.out << *line << std::flush;
  return absl::OkStatus();
}

absl::Status CallService(client::PeerChannel const& channel, absl::string_view method,
                         absl::FunctionRef<grpc::Status(grpc::ClientContext&)> call) {
  auto context = channel.NewCallContext();
  return channel.Error(call(*context), method);
}

}  // namespace stablecut::cli
