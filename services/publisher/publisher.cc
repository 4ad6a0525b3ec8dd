#include "services/publisher/publisher.h"

#include <algorithm>
#include <atomic>
#include <map>
#include <random>
#include <thread>

#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "lib/log/log.h"
#include "lib/pypi/upload_form.h"
#include "lib/release/candidate_tag.h"
#include "lib/server/proto_time.h"
#include "services/publisher/progress_source.h"

namespace stablecut::publisher {
namespace {

using Json = nlohmann::json;

constexpr std::int64_t kProgressEvery = 4 * 1024 * 1024;

std::string TimeText(absl::Time time) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ", time, absl::UTCTimeZone());
}

std::string NewRunId() {
  std::random_device device;
  std::uniform_int_distribution<std::uint32_t> digit(0, 15);
  std::string id;
  for (int i = 0; i < 16; ++i) id.push_back("0123456789abcdef"[digit(device)]);
  return id;
}

std::string OutcomeWord(v1::FileOutcome outcome) {
  switch (outcome) {
    case v1::FILE_OUTCOME_UPLOADED:
      return "uploaded";
    case v1::FILE_OUTCOME_SKIPPED_EXISTING:
      return "already there";
    case v1::FILE_OUTCOME_FAILED:
      return "failed";
    default:
      return "planned";
  }
}

// What a target holds of the files' projects at their version; a project or version the
// index does not know yet holds nothing.
absl::StatusOr<std::map<std::string, std::vector<pypi::PypiFile>>> ListExisting(
    http::CallContext const& context, pypi::Api& api, std::vector<std::string> const& projects,
    std::string const& version) {
  std::map<std::string, std::vector<pypi::PypiFile>> existing;
  for (auto const& project : projects) {
    auto files = api.ListReleaseFiles(context, project, version);
    if (files.ok()) {
      existing[project] = *std::move(files);
    } else if (files.status().code() == absl::StatusCode::kNotFound) {
      existing[project] = {};
    } else {
      return files.status();
    }
  }
  return existing;
}

// The file of that name on the target, if any.
absl::StatusOr<std::optional<pypi::PypiFile>> FindOnTarget(http::CallContext const& context,
                                                           pypi::Api& api,
                                                           PlannedFile const& file) {
  auto existing = ListExisting(context, api, {file.project}, file.version);
  if (!existing.ok()) return existing.status();
  for (auto const& there : (*existing)[file.project]) {
    if (there.filename == file.filename) return std::optional<pypi::PypiFile>(there);
  }
  return std::optional<pypi::PypiFile>();
}

std::vector<std::string> ProjectsOf(std::vector<PlannedFile> const& files) {
  std::vector<std::string> projects;
  for (auto const& file : files) {
    if (std::find(projects.begin(), projects.end(), file.project) == projects.end()) {
      projects.push_back(file.project);
    }
  }
  return projects;
}

}  // namespace

// One publish, from its verdict to its closing audit record.
class Publisher::Run {
 public:
  Run(Publisher& publisher, http::CallContext const& context, PublishOrder const& order,
      EventSink const& sink)
      : p_(publisher), context_(context), order_(order), sink_(sink), run_id_(NewRunId()) {}

  absl::StatusOr<v1::Publication> Go();

 private:
  void Emit(v1::PublishEvent const& event) ABSL_LOCKS_EXCLUDED(sink_mu_) {
    absl::MutexLock lock(&sink_mu_);
    sink_(event);
  }
  void Say(std::string message) {
    v1::PublishEvent event;
    event.set_message(std::move(message));
    Emit(event);
  }
  void Progress(std::string const& target, PlannedFile const& file, std::int64_t sent,
                v1::FileOutcome outcome, std::string error = "");
  absl::Status UploadTarget(Target const& target, pypi::Api& api,
                            TargetPlan const& plan);
  absl::Status UploadFile(std::string const& target, pypi::Api& api, PlannedFile const& file);
  absl::Status ReadEveryMetadata(std::vector<TargetPlan> const& plans);
  absl::Status Close(absl::Status status);
  absl::StatusOr<v1::Publication> AlreadyPromoted(v1::Candidate const& candidate);

  Publisher& p_;
  http::CallContext const& context_;
  PublishOrder const& order_;
  EventSink const& sink_;
  absl::Mutex sink_mu_;
  std::string run_id_;
  absl::Time started_;
  v1::Publication publication_;
  absl::Mutex files_mu_;
  // The core metadata of every file to upload, read and checked in pre-flight.
  std::map<std::string, wheel::Metadata> metadata_;
};

void Publisher::Run::Progress(std::string const& target, PlannedFile const& file,
                              std::int64_t sent, v1::FileOutcome outcome, std::string error) {
  v1::PublishEvent event;
  auto* progress = event.mutable_file();
  progress->set_name(file.filename);
  progress->set_bytes_sent(sent);
  progress->set_size(file.size);
  progress->set_outcome(outcome);
  progress->set_target(target);
  progress->set_sha256(file.sha256);
  progress->set_error(error);
  if (outcome != v1::FILE_OUTCOME_UNSPECIFIED) {
    absl::MutexLock lock(&files_mu_);
    *publication_.add_files() = *progress;
  }
  Emit(event);
}

absl::Status Publisher::Run::UploadFile(std::string const& target, pypi::Api& api,
                                        PlannedFile const& file) {
  auto metadata = metadata_.find(file.filename);
  if (metadata == metadata_.end()) {
    return absl::InternalError(
        absl::StrCat(file.filename, "'s metadata was not read in pre-flight"));
  }
  absl::Status last;
  for (int attempt = 1; attempt <= kMaxUploadAttempts; ++attempt) {
    auto stream = p_.assets_.Open(context_, file);
    ProgressSource progress(*stream, kProgressEvery, [&](std::int64_t sent) {
      Progress(target, file, sent, v1::FILE_OUTCOME_UNSPECIFIED);
    });
    pypi::FileUpload upload{file.filename, metadata->second, file.sha256, "", file.size, progress};
    auto result = api.Upload(context_, upload);
    if (result.ok() && *result == pypi::UploadResult::kUploaded) {
      Progress(target, file, file.size, v1::FILE_OUTCOME_UPLOADED);
      return absl::OkStatus();
    }
    bool ambiguous = !result.ok() && result.status().code() == absl::StatusCode::kUnavailable;
    if (!result.ok() && !ambiguous) return result.status();
    // "Already exists", or an answer lost after the body went: PyPI's JSON API says
    // whether the file landed, so a retry never meets its own earlier upload.
    auto there = FindOnTarget(context_, api, file);
    if (!there.ok()) return there.status();
    if (there->has_value()) {
      if ((*there)->sha256 != file.sha256) {
        return absl::FailedPreconditionError(absl::StrCat(
            file.filename, " is on ", target, " with sha256 ", (*there)->sha256,
            ", not the release's ", file.sha256, "; nothing further is uploaded"));
      }
      Progress(target, file, file.size,
               ambiguous ? v1::FILE_OUTCOME_UPLOADED : v1::FILE_OUTCOME_SKIPPED_EXISTING);
      if (ambiguous) Say(absl::StrCat(file.filename, ": the answer was lost, but ", target,
                                      " has the file with the right sha256"));
      return absl::OkStatus();
    }
    if (!ambiguous) {
      return absl::UnavailableError(absl::StrCat(
          target, " said ", file.filename, " exists, but its JSON API does not list it yet; "
          "publish again in a minute"));
    }
    last = result.status();
    if (attempt == kMaxUploadAttempts) break;
    absl::Duration wait = absl::Seconds(attempt);
    Say(absl::StrCat(file.filename, ": ", last.message(), "; ", target,
                     " does not have it, so it is sent again in ", absl::FormatDuration(wait),
                     " (attempt ", attempt + 1, " of ", kMaxUploadAttempts, ")"));
    if (context_.Remaining(absl::Now()) < wait) break;
    if (!context_.WaitFor(wait)) return absl::CancelledError("the publish was cancelled");
  }
  return last;
}

// A file whose metadata is unreadable or names another project or version would be refused
// by PyPI, perhaps after other files of the release landed: each one is read and checked
// before the first byte leaves. Network failures keep their code; a bad file is
// FAILED_PRECONDITION, as every other pre-flight refusal.
absl::Status Publisher::Run::ReadEveryMetadata(std::vector<TargetPlan> const& plans) {
  for (auto const& plan : plans) {
    for (auto const& file : plan.upload) {
      if (metadata_.count(file.filename) > 0) continue;
      auto metadata = p_.assets_.ReadMetadata(context_, file);
      absl::Status checked = metadata.status();
      if (metadata.ok()) checked = pypi::FileTypeOf(file.filename, *metadata).status();
      if (checked.code() == absl::StatusCode::kInvalidArgument) {
        return absl::FailedPreconditionError(absl::StrCat(
            "pre-flight: ", file.filename, ": ", checked.message(), "; nothing was uploaded"));
      }
      if (!checked.ok()) return checked;
      metadata_.emplace(file.filename, *std::move(metadata));
    }
  }
  return absl::OkStatus();
}

absl::Status Publisher::Run::UploadTarget(Target const& target, pypi::Api& api,
                                          TargetPlan const& plan) {
  std::string const& name = target.settings.name;
  for (auto const& file : plan.present) {
    Progress(name, file, file.size, v1::FILE_OUTCOME_SKIPPED_EXISTING);
  }
  std::atomic<std::size_t> next{0};
  std::atomic<bool> stop{false};
  absl::Mutex error_mu;
  absl::Status first_error;
  auto worker = [&] {
    while (!stop.load()) {
      std::size_t i = next.fetch_add(1);
      if (i >= plan.upload.size()) return;
      PlannedFile const& file = plan.upload[i];
      auto status = UploadFile(name, api, file);
      if (status.ok()) continue;
      Progress(name, file, 0, v1::FILE_OUTCOME_FAILED, std::string(status.message()));
      stop.store(true);
      absl::MutexLock lock(&error_mu);
      if (first_error.ok()) first_error = status;
    }
  };
  std::size_t workers = std::min<std::size_t>(
      plan.upload.size(), static_cast<std::size_t>(p_.settings_.max_parallel_uploads));
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < workers; ++i) threads.emplace_back(worker);
  for (auto& thread : threads) thread.join();
  absl::MutexLock lock(&error_mu);
  return first_error;
}

absl::Status Publisher::Run::Close(absl::Status status) {
  publication_.set_tag(order_.tag);
  absl::Time finished = p_.now_();
  *publication_.mutable_finished_at() = server::ToTimestamp(finished);
  Json files = Json::array();
  for (auto const& file : publication_.files()) {
    files.push_back({{"target", file.target()},
                     {"filename", file.name()},
                     {"outcome", OutcomeWord(file.outcome())},
                     {"error", file.error()}});
  }
  Json record = {{"event", "publish_finished"},
                 {"run_id", run_id_},
                 {"tag", order_.tag},
                 {"time", TimeText(finished)},
                 {"outcome", status.ok() ? "ok" : "failed"},
                 {"error", std::string(status.message())},
                 {"files", files},
                 {"promoted", publication_.promoted()},
                 {"duration_seconds", absl::ToDoubleSeconds(finished - started_)}};
  auto written = p_.audit_.Append(record.dump());
  if (status.ok() && !written.ok()) return written;
  return status;
}

absl::StatusOr<v1::Publication> Publisher::Run::AlreadyPromoted(v1::Candidate const& candidate) {
  *publication_.mutable_verdict()->mutable_candidate() = candidate;
  auto files = PlanFiles(candidate, p_.settings_.projects, p_.settings_.targets);
  if (!files.ok()) return files.status();
  std::vector<std::string> missing;
  std::vector<std::pair<std::string, PlannedFile>> present;
  for (auto const& target : p_.targets_) {
    auto api = p_.pypi_(target.settings, http::Secret());
    auto existing = ListExisting(context_, *api, ProjectsOf(*files), candidate.version());
    if (!existing.ok()) return existing.status();
    auto plan = PlanTarget(target.settings.name, *files, *existing, p_.now_());
    if (!plan.ok()) return plan.status();
    for (auto const& file : plan->upload) {
      missing.push_back(absl::StrCat(file.filename, " on ", target.settings.name));
    }
    for (auto const& file : plan->present) present.emplace_back(target.settings.name, file);
  }
  if (!missing.empty()) {
    return absl::FailedPreconditionError(absl::StrCat(
        order_.tag, " is already promoted to stable, but ", absl::StrJoin(missing, ", "),
        " is missing; a stable release is not verified again, so nothing is uploaded (publish "
        "a new candidate, or upload the missing files yourself)"));
  }
  std::vector<std::string> published;
  for (auto const& [target, file] : present) {
    Progress(target, file, file.size, v1::FILE_OUTCOME_SKIPPED_EXISTING);
    published.push_back(absl::StrCat(target, ": ", file.filename));
  }
  Say(absl::StrCat(order_.tag, " is already promoted and every file is on every target; "
                   "nothing to upload"));
  if (!order_.dry_run) {
    // Changes nothing on the release; closes the proposals that the first run's promotion
    // left open (it was killed before the candidate service closed them, or GitHub refused).
    auto again = p_.peers_.Promote(context_, order_.tag, published);
    if (!again.ok()) {
      Say(absl::StrCat("could not ask the candidate service to close ", order_.tag,
                       "'s release proposals again: ", again.status().message(),
                       "; the release stays promoted"));
    }
  }
  publication_.set_promoted(true);
  // A run like any other, which ends well: its record says so as a finished run's does.
  Json record = {{"event", "already_published"},
                 {"run_id", run_id_},
                 {"tag", order_.tag},
                 {"time", TimeText(p_.now_())},
                 {"caller", order_.caller},
                 {"dry_run", order_.dry_run},
                 {"outcome", "ok"},
                 {"promoted", true}};
  if (auto status = p_.audit_.Append(record.dump()); !status.ok()) return status;
  *publication_.mutable_finished_at() = server::ToTimestamp(p_.now_());
  return publication_;
}

absl::StatusOr<v1::Publication> Publisher::Run::Go() {
  started_ = p_.now_();
  publication_.set_tag(order_.tag);
  publication_.set_requested_by(order_.caller);
  publication_.set_dry_run(order_.dry_run);
  publication_.set_override_reason(order_.override_reason);
  for (auto const& name : order_.override_checks) publication_.add_override_checks(name);
  *publication_.mutable_started_at() = server::ToTimestamp(started_);

  // A promoted release is not a candidate any more (the verifier refuses it), but a publish
  // killed after the promotion must still be able to end well when run again.
  auto current = p_.peers_.GetCandidate(context_, order_.tag);
  if (!current.ok()) return current.status();
  if (current->state() == v1::Candidate::STATE_STABLE) return AlreadyPromoted(*current);

  Say(absl::StrCat("asking the verifier for a fresh verdict on ", order_.tag));
  auto verdict = p_.peers_.Verify(context_, order_.tag);
  if (!verdict.ok()) return verdict.status();
  *publication_.mutable_verdict() = *verdict;
  if (auto status = CheckVerdict(*verdict, order_.override_checks); !status.ok()) return status;
  Say(order_.override_checks.empty()
          ? absl::StrCat("the verifier approves ", order_.tag)
          : absl::StrCat("publishing ", order_.tag, " with checks overridden by ",
                         order_.caller, " (", absl::StrJoin(order_.override_checks, ", "),
                         "): ", order_.override_reason));

  auto files = PlanFiles(verdict->candidate(), p_.settings_.projects, p_.settings_.targets);
  if (!files.ok()) return files.status();

  // Every token and every target's state before anything is written anywhere, so that a
  // conflict on the last target stops the publish before the first upload.
  std::vector<std::unique_ptr<pypi::Api>> apis;
  std::vector<TargetPlan> plans;
  for (auto const& target : p_.targets_) {
    auto token = target.credential->Fetch();
    if (!token.ok()) return token.status();
    apis.push_back(p_.pypi_(target.settings, *std::move(token)));
    auto existing = ListExisting(context_, *apis.back(), ProjectsOf(*files),
                                 verdict->candidate().version());
    if (!existing.ok()) return existing.status();
    auto plan = PlanTarget(target.settings.name, *files, *existing, p_.now_());
    if (!plan.ok()) return plan.status();
    std::map<std::string, std::int64_t> held;
    for (auto const& file : plan->upload) {
      if (held.count(file.project) > 0) continue;
      auto bytes = apis.back()->ProjectBytes(context_, file.project);
      if (!bytes.ok()) return bytes.status();
      held[file.project] = *bytes;
    }
    if (auto status = CheckProjectLimits(target.settings.name, *plan, held,
                                         target.settings.max_project_bytes);
        !status.ok()) {
      return status;
    }
    plans.push_back(*std::move(plan));
  }
  if (auto status = ReadEveryMetadata(plans); !status.ok()) return status;

  Json checks = Json::array();
  for (auto const& check : verdict->checks()) {
    checks.push_back(
        {{"name", check.name()}, {"outcome", CheckOutcomeName(check)}, {"detail", check.detail()}});
  }
  Json planned = Json::array();
  for (auto const& file : *files) {
    planned.push_back({{"filename", file.filename}, {"size", file.size}, {"sha256", file.sha256}});
  }
  Json targets = Json::array();
  for (std::size_t i = 0; i < p_.targets_.size(); ++i) {
    Json upload = Json::array(), present = Json::array();
    for (auto const& file : plans[i].upload) upload.push_back(file.filename);
    for (auto const& file : plans[i].present) present.push_back(file.filename);
    targets.push_back({{"name", p_.targets_[i].settings.name},
                       {"upload_url", p_.targets_[i].settings.upload_url},
                       {"to_upload", upload},
                       {"already_there", present}});
  }
  Json started = {{"event", order_.dry_run ? "dry_run" : "publish_started"},
                  {"run_id", run_id_},
                  {"tag", order_.tag},
                  {"time", TimeText(started_)},
                  {"caller", order_.caller},
                  {"commit", verdict->candidate().commit_sha()},
                  {"approved", verdict->approved()},
                  {"checks", checks},
                  {"override_checks", order_.override_checks},
                  {"override_reason", order_.override_reason},
                  {"files", planned},
                  {"targets", targets}};
  if (auto status = p_.audit_.Append(started.dump()); !status.ok()) return status;

  if (order_.dry_run) {
    for (std::size_t i = 0; i < p_.targets_.size(); ++i) {
      for (auto const& file : plans[i].present) {
        Progress(p_.targets_[i].settings.name, file, file.size,
                 v1::FILE_OUTCOME_SKIPPED_EXISTING);
      }
      for (auto const& file : plans[i].upload) {
        Say(absl::StrCat("dry run: would upload ", file.filename, " (", file.size,
                         " bytes, sha256 ", file.sha256, ") to ", p_.targets_[i].settings.name));
      }
    }
    Say(absl::StrCat("dry run: would have the candidate service promote ", order_.tag,
                     " to stable and latest; nothing was uploaded or promoted"));
    *publication_.mutable_finished_at() = server::ToTimestamp(p_.now_());
    return publication_;
  }

  for (std::size_t i = 0; i < p_.targets_.size(); ++i) {
    Say(absl::StrCat(p_.targets_[i].settings.name, ": ", plans[i].upload.size(),
                     " file(s) to upload, ", plans[i].present.size(), " already there"));
    if (auto status = UploadTarget(p_.targets_[i], *apis[i], plans[i]); !status.ok()) {
      return Close(status);
    }
  }
  Say(absl::StrCat("every file is on every target; asking the candidate service to promote ",
                   order_.tag));
  std::vector<std::string> published;
  for (std::size_t i = 0; i < p_.targets_.size(); ++i) {
    for (auto const* files : {&plans[i].present, &plans[i].upload}) {
      for (auto const& file : *files) {
        published.push_back(absl::StrCat(p_.targets_[i].settings.name, ": ", file.filename));
      }
    }
  }
  auto promoted = p_.peers_.Promote(context_, order_.tag, published);
  if (!promoted.ok()) return Close(promoted.status());
  publication_.set_promoted(true);
  *publication_.mutable_verdict()->mutable_candidate() = *promoted;
  Say(absl::StrCat(order_.tag, " is promoted: ", promoted->html_url()));
  if (auto status = Close(absl::OkStatus()); !status.ok()) return status;
  return publication_;
}

Publisher::Publisher(PublisherSettings const& settings, Peers& peers, AssetSource& assets,
                     std::vector<Target> targets, PypiFactory pypi, AuditTrail& audit,
                     std::function<absl::Time()> now)
    : settings_(settings),
      peers_(peers),
      assets_(assets),
      targets_(std::move(targets)),
      pypi_(std::move(pypi)),
      audit_(audit),
      now_(std::move(now)) {}

absl::Status Publisher::Claim(std::string const& tag, std::string const& caller) {
  absl::MutexLock lock(&mu_);
  auto it = running_.find(tag);
  if (it != running_.end()) {
    return absl::AbortedError(absl::StrCat(
        "a publish of ", tag, " is already running, started by ", it->second.caller, " at ",
        TimeText(it->second.since), "; wait for it (GetPublication shows it) and try again"));
  }
  running_[tag] = {caller, now_()};
  return absl::OkStatus();
}

void Publisher::Release(std::string const& tag) {
  absl::MutexLock lock(&mu_);
  running_.erase(tag);
}

absl::StatusOr<v1::Publication> Publisher::Publish(http::CallContext const& context,
                                                   PublishOrder const& order,
                                                   EventSink const& sink) {
  if (auto tag = release::ParseCandidateTag(order.tag); !tag.ok()) return tag.status();
  if (!order.override_checks.empty()) {
    if (!order.may_override) {
      return absl::PermissionDeniedError(absl::StrCat(
          order.caller, " may publish but not override checks: that needs the ACL right "
          "\"stablecut.v1.PublisherService/Publish:override\""));
    }
    if (order.override_reason.empty()) {
      return absl::InvalidArgumentError(
          "override_checks needs an override_reason (kept in the audit trail)");
    }
  }
  if (auto status = Claim(order.tag, order.caller); !status.ok()) return status;
  Run run(*this, context, order, sink);
  auto publication = run.Go();
  Release(order.tag);
  if (!publication.ok()) {
    log::Event(log::Level::kWarn, "publish failed",
               {{"tag", order.tag}, {"error", std::string(publication.status().message())}});
  }
  return publication;
}

absl::StatusOr<v1::Publication> Publisher::GetPublication(http::CallContext const& context,
                                                          std::string const& tag) {
  if (auto parsed = release::ParseCandidateTag(tag); !parsed.ok()) return parsed.status();
  auto candidate = peers_.GetCandidate(context, tag);
  if (!candidate.ok()) return candidate.status();
  v1::Publication publication;
  publication.set_tag(tag);
  *publication.mutable_verdict()->mutable_candidate() = *candidate;
  publication.set_promoted(candidate->state() == v1::Candidate::STATE_STABLE);

  std::map<std::string, std::map<std::string, std::string>> sha_by_target;  // target->file->sha
  for (auto const& target : targets_) {
    auto api = pypi_(target.settings, http::Secret());
    auto existing = ListExisting(context, *api, settings_.projects, candidate->version());
    if (!existing.ok()) return existing.status();
    auto* files = publication.add_targets();
    files->set_target(target.settings.name);
    for (auto const& [project, list] : *existing) {
      for (auto const& file : list) {
        auto* published = files->add_files();
        published->set_filename(file.filename);
        published->set_sha256(file.sha256);
        published->set_size(file.size);
        sha_by_target[target.settings.name][file.filename] = file.sha256;
      }
    }
  }
  for (auto const& asset : candidate->assets()) {
    for (auto const& target : targets_) {
      auto* file = publication.add_files();
      file->set_name(asset.name());
      file->set_size(asset.size());
      file->set_sha256(asset.sha256());
      file->set_target(target.settings.name);
      auto const& there = sha_by_target[target.settings.name];
      auto it = there.find(asset.name());
      if (it == there.end()) continue;
      if (it->second == asset.sha256()) {
        file->set_outcome(v1::FILE_OUTCOME_UPLOADED);
        file->set_bytes_sent(asset.size());
      } else {
        file->set_outcome(v1::FILE_OUTCOME_FAILED);
        file->set_error(absl::StrCat("the target holds another file of this name (sha256 ",
                                     it->second, ")"));
      }
    }
  }
  {
    absl::MutexLock lock(&mu_);
    auto it = running_.find(tag);
    if (it != running_.end()) {
      publication.set_in_flight_by(it->second.caller);
      *publication.mutable_in_flight_since() = server::ToTimestamp(it->second.since);
    }
  }
  auto records = audit_.RecordsFor(tag);
  if (!records.ok()) return records.status();
  for (auto& record : *records) publication.add_audit_records(std::move(record));
  return publication;
}

}  // namespace stablecut::publisher
