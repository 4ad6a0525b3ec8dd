#include "services/publisher/publisher_app.h"

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "lib/client/peer_channel.h"
#include "lib/github/rest_api.h"
#include "lib/http/client.h"
#include "lib/pypi/client.h"
#include "services/publisher/github_asset_source.h"
#include "services/publisher/grpc_peers.h"
#include "services/publisher/publisher.h"
#include "services/publisher/publisher_service.h"
#include "services/publisher/publisher_settings.h"
#include "stablecut/v1/config.pb.h"

namespace stablecut::publisher {
namespace {

// The dependencies, constructed (as a base) before the service that refers to them, and
// never moved afterwards: the Publisher keeps references to them.
struct PublisherDependencies {
  PublisherDependencies(PublisherSettings settings_in, client::PeerChannel verifier,
                        client::PeerChannel candidates)
      : settings(std::move(settings_in)),
        peers(std::move(verifier), std::move(candidates)),
        audit(settings.audit_file) {
    http::ClientOptions http_options;
    http_options.ca_bundle = settings.github.ca_bundle_file;
    http = std::make_unique<http::Client>(http_options);
    github::RestApiOptions github_options;
    github_options.api_base_url = settings.github.api_base_url;
    github_options.token = settings.github.token;
    github_options.token_role = "the publisher's GitHub token (github.token_file)";
    github = std::make_unique<github::RestApi>(*http, github_options);
    assets = std::make_unique<GitHubAssetSource>(*github, settings.github.repository);
    std::vector<Target> targets;
    for (auto const& target : settings.targets) {
      targets.push_back({target, std::make_unique<TokenFileCredential>(
                                     target.token_file,
                                     absl::StrCat("the PyPI token of target \"", target.name,
                                                  "\" (", target.token_file, ")"))});
    }
    PypiFactory pypi = [this](TargetSettings const& target, http::Secret token) {
      pypi::PypiClientOptions options;
      options.upload_url = target.upload_url;
      options.json_api_base_url = target.json_api_base_url;
      options.token = std::move(token);
      options.resend_after_lost_answer = false;
      return std::unique_ptr<pypi::Api>(
          std::make_unique<pypi::PypiClient>(*http, std::move(options)));
    };
    publisher = std::make_unique<Publisher>(settings, peers, *assets, std::move(targets),
                                            std::move(pypi), audit, [] { return absl::Now(); });
  }
  PublisherDependencies(PublisherDependencies const&) = delete;
  PublisherDependencies& operator=(PublisherDependencies const&) = delete;

  PublisherSettings settings;
  GrpcPeers peers;
  AuditTrail audit;
  std::unique_ptr<http::Client> http;
  std::unique_ptr<github::RestApi> github;
  std::unique_ptr<GitHubAssetSource> assets;
  std::unique_ptr<Publisher> publisher;
};

class PublisherApp : private PublisherDependencies, public service_main::App {
 public:
  PublisherApp(PublisherSettings settings, client::PeerChannel verifier,
               client::PeerChannel candidates, server::RpcGuard const& guard)
      : PublisherDependencies(std::move(settings), std::move(verifier), std::move(candidates)),
        service_(guard, *publisher) {}

  std::vector<grpc::Service*> Services() override { return {&service_}; }

 private:
  PublisherServiceImpl service_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<service_main::App>> MakePublisherApp(
    config::ConfigFile const& file, v1::PublisherServiceConfig const& config,
    server::RpcGuard const& guard) {
  auto settings = ReadPublisherSettings(file, config);
  if (!settings.ok()) return settings.status();
  if (!config.has_verifier()) {
    return file.FieldError("verifier", "is required: every publish asks it for a fresh verdict");
  }
  auto verifier = client::MakePeerChannel(config.verifier(), "the verifier");
  if (!verifier.ok()) return file.FieldError("verifier", verifier.status().message());
  if (!config.has_candidate_service()) {
    return file.FieldError("candidate_service",
                           "is required: it promotes the release once its files are published");
  }
  auto candidates = client::MakePeerChannel(config.candidate_service(), "the candidate service");
  if (!candidates.ok()) {
    return file.FieldError("candidate_service", candidates.status().message());
  }
  return std::unique_ptr<service_main::App>(std::make_unique<PublisherApp>(
      *std::move(settings), *std::move(verifier), *std::move(candidates), guard));
}

}  // namespace stablecut::publisher
