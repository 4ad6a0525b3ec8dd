#include "services/candidate/candidate_app.h"

#include <atomic>
#include <optional>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "lib/github/rest_api.h"
#include "lib/http/client.h"
#include "lib/log/log.h"
#include "lib/schedule/scheduled_job.h"
#include "services/candidate/candidate_proto.h"
#include "services/candidate/candidate_service.h"
#include "services/candidate/candidate_settings.h"
#include "services/candidate/candidates.h"
#include "services/candidate/proposals.h"
#include "lib/client/peer_channel.h"
#include "stablecut/v1/verifier.grpc.pb.h"
#include "stablecut/v1/config.pb.h"

namespace stablecut::candidate {
namespace {

// The dependencies, constructed (as a base) before the service that refers to them, and
// never moved afterwards: Candidates keeps references to the settings and the API.
struct CandidateDependencies {
  CandidateDependencies(CandidateSettings settings_in, std::optional<client::PeerChannel> verifier_in)
      : settings(std::move(settings_in)), verifier(std::move(verifier_in)) {
    http::ClientOptions http_options;
    http_options.ca_bundle = settings.github.ca_bundle_file;
    http = std::make_unique<http::Client>(http_options);
    github::RestApiOptions github_options;
    github_options.api_base_url = settings.github.api_base_url;
    github_options.uploads_base_url = settings.github.uploads_base_url;
    github_options.token = settings.github.token;
    github_options.token_role = "the candidate service's GitHub token (github.token_file)";
    github = std::make_unique<github::RestApi>(*http, github_options);
    candidates = std::make_unique<Candidates>(*github, settings, clock);
    VerdictSource verdicts;
    if (verifier) {
      verifier_stub = v1::VerifierService::NewStub(verifier->channel());
      verdicts = [this](http::CallContext const& context,
                        std::string const& tag) -> absl::StatusOr<v1::Verdict> {
        auto call = verifier->NewCallContext(context.deadline());
        v1::VerifyRequest request;
        request.set_tag(tag);
        v1::Verdict verdict;
        grpc::Status status = verifier_stub->Verify(call.get(), request, &verdict);
        if (!status.ok()) return verifier->Error(status, "Verify");
        return verdict;
      };
    }
    proposals = std::make_unique<Proposals>(*github, settings, *candidates, std::move(verdicts));
  }
  CandidateDependencies(CandidateDependencies const&) = delete;
  CandidateDependencies& operator=(CandidateDependencies const&) = delete;

  CandidateSettings settings;
  clock::RealClock clock;
  std::unique_ptr<http::Client> http;
  std::unique_ptr<github::RestApi> github;
  std::unique_ptr<Candidates> candidates;
  std::optional<client::PeerChannel> verifier;
  std::unique_ptr<v1::VerifierService::Stub> verifier_stub;
  std::unique_ptr<Proposals> proposals;
};

class CandidateApp : private CandidateDependencies, public service_main::App {
 public:
  CandidateApp(CandidateSettings settings, std::optional<client::PeerChannel> verifier,
               server::RpcGuard const& guard)
      : CandidateDependencies(std::move(settings), std::move(verifier)),
        service_(guard, *candidates, *proposals),
        jobs_guard_(guard) {}
  ~CandidateApp() override { Stop(); }

  std::vector<grpc::Service*> Services() override { return {&service_}; }

  void Start() override {
    if (settings.cut_schedule) {
      schedule::CronSchedule cron = *settings.cut_schedule;
      cut_job_ = std::make_unique<schedule::ScheduledJob>(
          "cut", [cron](absl::Time after) { return cron.NextAfter(after); },
          [this] { RunScheduledCut(); });
      cut_job_->Start();
      log::Event(log::Level::kInfo, "cut scheduled", {{"cron", cron.expression()}});
    }
    if (settings.finalize_interval > absl::ZeroDuration()) {
      absl::Duration interval = settings.finalize_interval;
      finalize_job_ = std::make_unique<schedule::ScheduledJob>(
          "finalize", [interval](absl::Time after) { return after + interval; },
          [this] { RunFinalize(); });
      finalize_job_->Start();
    }
  }

  void Stop() override {
    // A job's GitHub call in flight is cut off (within a second) instead of running on.
    stopping_.store(true);
    if (cut_job_) cut_job_->Stop();
    if (finalize_job_) finalize_job_->Stop();
  }

 private:
  void RunScheduledCut() {
    auto cut = candidates->Create(JobContext(), /*force=*/false, "");
    if (!cut.ok()) {
      log::Event(log::Level::kError, "scheduled cut failed",
                 {{"code", absl::StatusCodeToString(cut.status().code())},
                  {"error", std::string(cut.status().message())}});
      return;
    }
    log::Event(log::Level::kInfo, "scheduled cut",
               {{"tag", cut->candidate.tag.ToString()},
                {"commit", cut->candidate.commit_sha},
                {"created", cut->created ? "true" : "false"},
                {"skipped", SkippedSummary(*cut)}});
  }

  void RunFinalize() {
    auto result = candidates->Finalize(JobContext());
    if (!result.ok()) {
      log::Event(log::Level::kError, "finalize failed",
                 {{"code", absl::StatusCodeToString(result.status().code())},
                  {"error", std::string(result.status().message())}});
      return;
    }
    for (auto const& [candidate, missing] : result->incomplete) {
      log::Event(log::Level::kInfo, "draft incomplete",
                 {{"tag", candidate.tag.ToString()}, {"missing", absl::StrJoin(missing, ", ")}});
    }
  }

  // A job's outbound calls: the service's default deadline, cancelled when it stops.
  http::CallContext JobContext() const {
    return jobs_guard_.BackgroundContext([this] { return stopping_.load(); });
  }

  CandidateServiceImpl service_;
  server::RpcGuard const& jobs_guard_;
  std::atomic<bool> stopping_{false};
  std::unique_ptr<schedule::ScheduledJob> cut_job_;
  std::unique_ptr<schedule::ScheduledJob> finalize_job_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<service_main::App>> MakeCandidateApp(
    config::ConfigFile const& file, v1::CandidateServiceConfig const& config,
    server::RpcGuard const& guard) {
  auto settings = ReadCandidateSettings(file, config);
  if (!settings.ok()) return settings.status();
  std::optional<client::PeerChannel> verifier;
  if (config.has_verifier()) {
    auto channel = client::MakePeerChannel(config.verifier(), "the verifier");
    if (!channel.ok()) return file.FieldError("verifier", channel.status().message());
    verifier = *std::move(channel);
  }
  return std::unique_ptr<service_main::App>(
      std::make_unique<CandidateApp>(*std::move(settings), std::move(verifier), guard));
}

}  // namespace stablecut::candidate
