#include "services/verifier/verifier_app.h"

#include <optional>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "lib/client/peer_channel.h"
#include "lib/github/rest_api.h"
#include "lib/http/client.h"
#include "services/verifier/verifier.h"
#include "services/verifier/verifier_service.h"
#include "services/verifier/verifier_settings.h"
#include "stablecut/v1/candidate.grpc.pb.h"
#include "stablecut/v1/config.pb.h"

namespace stablecut::verifier {
namespace {

// The dependencies, constructed (as a base) before the service that refers to them, and
// never moved afterwards: Verifier keeps references to the settings and the API.
struct VerifierDependencies {
  VerifierDependencies(VerifierSettings settings_in, std::optional<client::PeerChannel> peer_in)
      : settings(std::move(settings_in)), peer(std::move(peer_in)) {
    http::ClientOptions http_options;
    http_options.ca_bundle = settings.ca_bundle_file;
    http = std::make_unique<http::Client>(http_options);
    github::RestApiOptions github_options;
    github_options.api_base_url = settings.api_base_url;
    github_options.token = settings.token;
    github_options.token_role = "the verifier's GitHub token (github.token_file)";
    github = std::make_unique<github::RestApi>(*http, github_options);
    CandidateStateLookup lookup;
    if (peer) {
      candidates = v1::CandidateService::NewStub(peer->channel());
      lookup = [this](http::CallContext const& context,
                      std::string const& tag) -> absl::StatusOr<v1::Candidate::State> {
        auto call = peer->NewCallContext(context.deadline());
        v1::GetCandidateRequest request;
        request.set_tag(tag);
        v1::Candidate candidate;
        grpc::Status status = candidates->GetCandidate(call.get(), request, &candidate);
        if (!status.ok()) return peer->Error(status, "GetCandidate");
        return candidate.state();
      };
    }
    TextFetcher fetch = [this](http::CallContext const& context,
                               std::string const& url) -> absl::StatusOr<std::string> {
      http::Request request;
      request.url = url;
      request.service = "the integrated commits file";
      request.operation = "GET";
      request.context = context;
      auto response = http->Send(request);
      if (!response.ok()) return response.status();
      if (response->status != 200) {
        return absl::UnavailableError(absl::StrCat("HTTP ", response->status, " from ", url));
      }
      return response->body;
    };
    verifier = std::make_unique<Verifier>(*github, settings, [] { return absl::Now(); },
                                          std::move(lookup), std::move(fetch));
  }
  VerifierDependencies(VerifierDependencies const&) = delete;
  VerifierDependencies& operator=(VerifierDependencies const&) = delete;

  VerifierSettings settings;
  std::optional<client::PeerChannel> peer;
  std::unique_ptr<v1::CandidateService::Stub> candidates;
  std::unique_ptr<http::Client> http;
  std::unique_ptr<github::RestApi> github;
  std::unique_ptr<Verifier> verifier;
};

class VerifierApp : private VerifierDependencies, public service_main::App {
 public:
  VerifierApp(VerifierSettings settings, std::optional<client::PeerChannel> peer,
              server::RpcGuard const& guard)
      : VerifierDependencies(std::move(settings), std::move(peer)), service_(guard, *verifier) {}

  std::vector<grpc::Service*> Services() override { return {&service_}; }

 private:
  VerifierServiceImpl service_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<service_main::App>> MakeVerifierApp(
    config::ConfigFile const& file, v1::VerifierServiceConfig const& config,
    server::RpcGuard const& guard) {
  auto settings = ReadVerifierSettings(file, config);
  if (!settings.ok()) return settings.status();
  std::optional<client::PeerChannel> peer;
  if (config.has_candidate_service()) {
    auto channel = client::MakePeerChannel(config.candidate_service(), "the candidate service");
    if (!channel.ok()) {
      return file.FieldError("candidate_service", channel.status().message());
    }
    peer = *std::move(channel);
  }
  return std::unique_ptr<service_main::App>(
      std::make_unique<VerifierApp>(*std::move(settings), std::move(peer), guard));
}

}  // namespace stablecut::verifier
