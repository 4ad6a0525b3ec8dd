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
  Setting identity;
  Setting authority;
  char const* name;  // as errors name it
};

ServiceNames NamesOf(Service service) {
  switch (service) {
    case Service::kCandidate:
      return {Setting::kCandidate, Setting::kCandidateIdentity, Setting::kCandidateAuthority,
              "the candidate service"};
    case Service::kVerifier:
      return {Setting::kVerifier, Setting::kVerifierIdentity, Setting::kVerifierAuthority,
              "the verifier"};
    case Service::kPublisher:
    default:
      return {Setting::kPublisher, Setting::kPublisherIdentity, Setting::kPublisherAuthority,
              "the publisher"};
  }
}

absl::StatusOr<absl::Duration> ParseTimeout(std::string const& text, absl::Duration fallback) {
  if (text.empty()) return fallback;
  absl::Duration timeout;
  if (!absl::ParseDuration(text, &timeout) || timeout <= absl::ZeroDuration()) {
    return absl::InvalidArgumentError(
        absl::StrCat("timeout: \"", text, "\" is not a positive duration (try \"30s\", "
                     "\"5m\" or \"1h\"; from --timeout, else $STABLECUT_TIMEOUT, else `timeout = "
                     "…` in the config file)"));
  }
  return timeout;
}

// The library names PeerConfig's fields; a CLI user knows the flags. `peer_name` is the
// service as errors name it, whose identity flag stands for server_identity.
absl::Status InFlagTerms(absl::Status const& status, std::string const& peer_name) {
  if (status.ok()) return status;
  std::string identity_flag = "--candidate-identity";
  std::string authority_flag = "--candidate-authority";
  for (auto service : {Service::kCandidate, Service::kVerifier, Service::kPublisher}) {
    if (peer_name == NamesOf(service).name) {
      identity_flag = absl::StrCat("--", cli::NamesOf(NamesOf(service).identity).key);
      authority_flag = absl::StrCat("--", cli::NamesOf(NamesOf(service).authority).key);
    }
  }
  return absl::Status(status.code(),
                      absl::StrReplaceAll(status.message(), {{"tls.ca_file", "--ca"},
                                                             {"tls.cert_file", "--cert"},
                                                             {"tls.key_file", "--key"},
                                                             {"(server_identity)",
                                                              absl::StrCat("(", identity_flag, ")")},
                                                             {"server_identity:",
                                                              absl::StrCat(identity_flag, ":")},
                                                             {"(authority)",
                                                              absl::StrCat("(", authority_flag, ")")},
                                                             {"set authority to",
                                                              absl::StrCat("set ", authority_flag,
                                                                           " to")}}));
}

}  // namespace

absl::StatusOr<client::PeerChannel> Invocation::Connect(Service service,
                                                        absl::Duration default_timeout) const {
  auto settings = Settings::Resolve(options_.settings, io_.env, DefaultConfigPath(io_.env));
  if (!settings.ok()) return settings.status();
  auto timeout = ParseTimeout(settings->GetOptional(Setting::kTimeout), default_timeout);
  if (!timeout.ok()) return timeout.status();
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
  config.set_server_identity(settings->GetOptional(names.identity));
  config.set_authority(settings->GetOptional(names.authority));
  config.set_timeout(absl::FormatDuration(*timeout));
  auto channel = client::MakePeerChannel(config, names.name);
  if (!channel.ok()) return InFlagTerms(channel.status(), names.name);
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
  return InFlagTerms(channel.Error(call(*context), method), channel.peer().name);
}

}  // namespace stablecut::cli
