#include "services/verifier/verifier.h"

#include <algorithm>
#include <future>
#include <map>
#include <optional>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/synchronization/mutex.h"
#include "lib/release/candidate_tag.h"
#include "lib/release/commit_sha.h"
#include "lib/release/proposal.h"
#include "lib/server/proto_time.h"
#include "services/verifier/ancestry_checks.h"
#include "services/verifier/check.h"
#include "services/verifier/ci_checks.h"
#include "services/verifier/issue_checks.h"
#include "services/verifier/llvm_checks.h"
#include "services/verifier/objections_check.h"
#include "services/verifier/once_per_key.h"
#include "services/verifier/release_checks.h"

namespace stablecut::verifier {
namespace {

constexpr int kMaxReleases = 100;

template <typename F>
auto Async(F&& f) {
  return std::async(std::launch::async, std::forward<F>(f));
}

std::string RepoName(github::RepoRef const& repo) {
  return absl::StrCat(repo.owner, "/", repo.name);
}

std::string CompareKey(github::RepoRef const& repo, std::string const& base,
                       std::string const& head) {
  return absl::StrCat(RepoName(repo), " ", base, "...", head);
}

constexpr std::size_t kMaxPredictions = 256;

v1::Candidate ToCandidate(github::Release const& release, std::string const& sha) {
  v1::Candidate candidate;
  candidate.set_tag(release.tag_name);
  auto tag = release::ParseCandidateTag(release.tag_name);
  if (tag.ok()) candidate.set_version(tag->Version());
  candidate.set_commit_sha(sha);
  *candidate.mutable_created_at() = server::ToTimestamp(release.created_at);
  candidate.set_release_id(release.id);
  candidate.set_state(release.draft        ? v1::Candidate::STATE_DRAFT
                      : release.prerelease ? v1::Candidate::STATE_PRE_RELEASE
                                           : v1::Candidate::STATE_STABLE);
  for (auto const& asset : release.assets) {
    v1::Asset* out = candidate.add_assets();
    out->set_id(asset.id);
    out->set_name(asset.name);
    out->set_size(asset.size);
    out->set_sha256(asset.digest_sha256);
    out->set_download_url(asset.url);
  }
  if (release.published_at) *candidate.mutable_published_at() = server::ToTimestamp(*release.published_at);
  candidate.set_name(release.name);
  candidate.set_html_url(release.html_url);
  return candidate;
}

bool IsPublishedCandidate(github::Release const& release) {
  return !release.draft && release.prerelease &&
         release::ParseCandidateTag(release.tag_name).ok();
}

// A candidate's pinned LLVM commit and how it compares with upstream.
struct Pin {
  absl::StatusOr<std::string> sha;
  absl::StatusOr<github::Comparison> upstream = github::Comparison();
};

}  // namespace

// What every candidate of one RPC shares: the releases, the previous stable, the branch,
// the issues and their closing commits, the integrated-commits file; and the reads of one
// commit or issue, each made once for the RPC by whoever asks first (Evaluate, or Prefetch
// ahead of it). Lives within the RPC, whose `context` it keeps.
struct Verifier::Shared {
  Shared(github::Api& api_in, VerifierSettings const& settings_in,
         http::CallContext const& context_in)
      : api(api_in), settings(settings_in), context(context_in) {}

  absl::StatusOr<github::CombinedStatus> Status(std::string const& sha) const {
    return statuses.Get(sha,
                        [&] { return api.GetCombinedStatus(context, settings.repository, sha); });
  }
  absl::StatusOr<std::vector<github::CheckRun>> CheckRuns(std::string const& sha) const {
    return check_runs.Get(sha,
                          [&] { return api.ListCheckRuns(context, settings.repository, sha); });
  }
  absl::StatusOr<github::Comparison> Compare(github::RepoRef const& repo, std::string const& base,
                                             std::string const& head) const {
    return comparisons.Get(CompareKey(repo, base, head),
                           [&] { return api.Compare(context, repo, base, head); });
  }
  // The submodule entry at `sha`, its pinned commit, and that commit against upstream.
  Pin PinOf(std::string const& sha) const {
    Pin pin;
    auto entry = submodule_entries.Get(sha, [&] {
      return api.GetContent(context, settings.repository, settings.submodule_path, sha);
    });
    if (!entry.ok()) {
      pin.sha = entry.status();
      return pin;
    }
    pin.sha = PinnedCommit(settings.submodule_path, *entry);
    if (pin.sha.ok()) {
      pin.upstream = Compare(settings.upstream_repo, settings.upstream_branch, *pin.sha);
    }
    return pin;
  }
  absl::StatusOr<std::vector<github::IssueEvent>> Events(int64_t number) const {
    return issue_events.Get(absl::StrCat(number), [&] {
      return api.ListIssueEvents(context, settings.repository, number);
    });
  }
  absl::StatusOr<std::vector<github::IssueComment>> Comments(int64_t number) const {
    return issue_comments.Get(absl::StrCat(number), [&] {
      return api.ListIssueComments(context, settings.repository, number);
    });
  }
  // The closed regression issues opened after the stable release: those whose closing
  // commit the p0_regressions check needs.
  std::vector<int64_t> ClosedRegressionsAfterStable() const {
    std::vector<int64_t> numbers;
    if (!regression_issues.ok()) return numbers;
    for (auto const& issue : *regression_issues) {
      if (issue.is_pull_request || issue.state != "closed") continue;
      if (stable && issue.created_at <= *stable->published_at) continue;
      numbers.push_back(issue.number);
    }
    return numbers;
  }

  github::Api& api;
  VerifierSettings const& settings;
  http::CallContext const& context;
  absl::StatusOr<std::vector<github::Release>> releases;
  std::optional<github::Release> stable;
  absl::StatusOr<std::optional<ReleaseRef>> stable_ref = std::optional<ReleaseRef>();
  absl::StatusOr<std::string> branch;
  absl::StatusOr<std::vector<github::Issue>> regression_issues;
  absl::StatusOr<std::vector<github::Issue>> hold_issues;
  // Every issue carrying the proposal label; only read when objection_window is set.
  absl::StatusOr<std::vector<github::Issue>> proposal_issues = std::vector<github::Issue>();
  std::optional<absl::StatusOr<std::string>> integrated_file;
  // The reads above, by key: what candidates at the same commit (or pinning the same LLVM
  // commit) read alike, and what a Prediction asked for ahead.
  mutable OncePerKey<absl::StatusOr<github::CombinedStatus>> statuses;
  mutable OncePerKey<absl::StatusOr<std::vector<github::CheckRun>>> check_runs;
  mutable OncePerKey<absl::StatusOr<github::Comparison>> comparisons;  // CompareKey
  mutable OncePerKey<absl::StatusOr<github::ContentEntry>> submodule_entries;
  mutable OncePerKey<absl::StatusOr<std::vector<github::IssueEvent>>> issue_events;
  mutable OncePerKey<absl::StatusOr<std::vector<github::IssueComment>>> issue_comments;
  // The closing commit of each closed, counted regression issue. Its issue events are read
  // while the candidates' own calls run (only the compare with the closing commit waits for
  // them), so they add no round trip of their own. Declared last: its destructor waits for
  // the reads, which use the members above.
  using ClosingCommits = std::map<int64_t, absl::StatusOr<std::string>>;
  std::shared_future<ClosingCommits> closing_commits;
  // The reads a Prediction started; declared after everything they fill, so that their
  // destructors (which wait for them) run first.
  std::vector<std::future<void>> prefetches;
};

Verifier::Verifier(github::Api& api, VerifierSettings const& settings,
                   std::function<absl::Time()> clock, CandidateStateLookup lookup,
                   TextFetcher fetch_text)
    : api_(api),
      settings_(settings),
      clock_(std::move(clock)),
      lookup_(std::move(lookup)),
      fetch_text_(std::move(fetch_text)) {}

Verifier::~Verifier() = default;

std::shared_ptr<Verifier::Shared> Verifier::LoadShared(http::CallContext const& context,
                                                       Prediction const* prediction) const {
  auto shared = std::make_shared<Shared>(api_, settings_, context);
  if (prediction != nullptr) Prefetch(*shared, *prediction);
  github::RepoRef const& repo = settings_.repository;
  auto releases = Async([&] { return api_.ListReleases(context, repo, kMaxReleases); });
  auto branch = Async([&]() -> absl::StatusOr<std::string> {
    if (!settings_.default_branch.empty()) return settings_.default_branch;
    auto repository = api_.GetRepository(context, repo);
    if (!repository.ok()) return repository.status();
    return repository->default_branch;
  });
  auto regressions = Async([&] {
    github::IssueQuery query;
    query.labels = settings_.regression_labels;
    query.state = "all";
    return api_.ListIssues(context, repo, query);
  });
  auto holds = Async([&] {
    github::IssueQuery query;
    query.labels = {settings_.hold_label};
    query.state = "open";
    return api_.ListIssues(context, repo, query);
  });
  std::future<absl::StatusOr<std::vector<github::Issue>>> proposals;
  if (settings_.objection_window) {
    proposals = Async([&] {
      github::IssueQuery query;
      query.labels = {settings_.proposal_label};
      query.state = "all";
      return api_.ListIssues(context, repo, query);
    });
  }
  std::future<absl::StatusOr<std::string>> integrated;
  if (!settings_.integrated_commits_url.empty()) {
    integrated = Async([&]() -> absl::StatusOr<std::string> {
      if (!fetch_text_) return absl::UnimplementedError("no fetcher for integrated_commits_url");
      return fetch_text_(context, settings_.integrated_commits_url);
    });
  }
  shared->releases = releases.get();
  shared->branch = branch.get();
  shared->regression_issues = regressions.get();
  shared->hold_issues = holds.get();
  if (integrated.valid()) shared->integrated_file = integrated.get();
  if (proposals.valid()) shared->proposal_issues = proposals.get();

  // The previous stable release: the newest published, non-pre-release candidate tag.
  if (shared->releases.ok()) {
    for (auto const& release : *shared->releases) {
      if (release.draft || release.prerelease || !release.published_at ||
          !release::ParseCandidateTag(release.tag_name).ok()) {
        continue;
      }
      if (!shared->stable || *release.published_at > *shared->stable->published_at) {
        shared->stable = release;
      }
    }
  }
  if (shared->stable) {
    github::Release const& stable = *shared->stable;
    std::string sha;
    if (release::IsFullSha(stable.target_commitish)) {
      sha = absl::AsciiStrToLower(stable.target_commitish);
    } else {
      auto commit = api_.GetCommit(context, repo, stable.tag_name);
      if (commit.ok()) {
        sha = commit->sha;
      } else {
        shared->stable_ref = commit.status();
      }
    }
    if (!sha.empty()) {
      shared->stable_ref = std::optional<ReleaseRef>(ReleaseRef{stable.tag_name, sha, stable.published_at});
    }
  }

  // The closing commit of every closed regression issue opened after the stable release,
  // read in the background (Evaluate waits for it where it needs it). The task reads only
  // members set above, and `context`, which outlives `shared` (the RPC's).
  Shared const* loaded = shared.get();
  shared->closing_commits = Async([loaded] {
    Shared::ClosingCommits closing;
    std::vector<std::pair<int64_t, std::future<absl::StatusOr<std::vector<github::IssueEvent>>>>>
        events;
    for (int64_t number : loaded->ClosedRegressionsAfterStable()) {
      events.emplace_back(number, Async([loaded, number] { return loaded->Events(number); }));
    }
    for (auto& [number, future] : events) {
      auto listed = future.get();
      if (listed.ok()) {
        closing[number] = ClosingCommit(*listed);
      } else {
        closing[number] = listed.status();
      }
    }
    return closing;
  }).share();
  return shared;
}

v1::Check Verifier::Objections(Shared const& shared, std::string const& tag) const {
  ObjectionsRule rule{*settings_.objection_window, settings_.proposal_label,
                      settings_.objector_associations};
  absl::StatusOr<std::optional<github::Issue>> proposal = std::optional<github::Issue>();
  absl::StatusOr<std::vector<github::IssueComment>> comments = std::vector<github::IssueComment>();
  if (!shared.proposal_issues.ok()) {
    proposal = shared.proposal_issues.status();
  } else {
    proposal = release::FindProposal(*shared.proposal_issues, tag);
    if (proposal->has_value()) {
      comments = shared.Comments((*proposal)->number);
    }
  }
  return ObjectionsCheck(tag, rule, clock_(), proposal, comments);
}

v1::Verdict Verifier::Evaluate(http::CallContext const& context, Shared& shared,
                               github::Release const& release) const {
  github::RepoRef const& repo = settings_.repository;
  std::string const& tag = release.tag_name;
  absl::StatusOr<std::string> sha = std::string();
  if (release::IsFullSha(release.target_commitish)) {
    sha = absl::AsciiStrToLower(release.target_commitish);
  } else {
    auto commit = api_.GetCommit(context, repo, tag);
    if (commit.ok()) {
      sha = commit->sha;
    } else {
      sha = commit.status();
    }
  }
  std::optional<ReleaseRef> stable;
  if (shared.stable_ref.ok()) stable = *shared.stable_ref;

  v1::Verdict verdict;
  std::vector<v1::Check> checks;
  checks.push_back(AgeCheck(release, clock_(), settings_.min_age));
  if (!sha.ok()) {
    for (char const* name :
         {kCi, kOnDefaultBranch, kAfterStable, kP0Regressions, kLlvmUpstream}) {
      checks.push_back(Unreadable(name, absl::StrCat("the commit of ", tag), sha.status()));
    }
    if (!settings_.integrated_commits_url.empty()) {
      checks.push_back(Unreadable(kLlvmIntegrated, absl::StrCat("the commit of ", tag), sha.status()));
    }
    if (!settings_.integration_status_context.empty()) {
      checks.push_back(Unreadable(kDownstreamIntegration, absl::StrCat("the commit of ", tag),
                                  sha.status()));
    }
    checks.push_back(HoldsCheck(tag, settings_.hold_label, shared.hold_issues));
    if (settings_.objection_window) checks.push_back(Objections(shared, tag));
    checks.push_back(AssetsCheck(release, settings_.expected_assets));
    *verdict.mutable_candidate() = ToCandidate(release, "");
  } else {
    std::string const commit = *sha;
    auto status = Async([&] { return shared.Status(commit); });
    auto runs = Async([&] { return shared.CheckRuns(commit); });
    auto on_branch = Async([&]() -> absl::StatusOr<github::Comparison> {
      if (!shared.branch.ok()) return shared.branch.status();
      return shared.Compare(repo, *shared.branch, commit);
    });
    auto after_stable = Async([&]() -> absl::StatusOr<github::Comparison> {
      if (!shared.stable_ref.ok()) return shared.stable_ref.status();
      if (!stable) return github::Comparison();
      return shared.Compare(repo, commit, stable->sha);
    });
    auto regressions = Async([&]() -> absl::StatusOr<std::vector<RegressionIssue>> {
      if (!shared.regression_issues.ok()) return shared.regression_issues.status();
      Shared::ClosingCommits const& closing_commits = shared.closing_commits.get();
      std::vector<RegressionIssue> issues;
      for (auto const& issue : *shared.regression_issues) {
        RegressionIssue entry;
        entry.issue = issue;
        auto closing = closing_commits.find(issue.number);
        if (closing != closing_commits.end()) {
          entry.closing_commit = closing->second;
          if (closing->second.ok() && !closing->second->empty()) {
            entry.candidate_to_closing = shared.Compare(repo, commit, *closing->second);
          }
        }
        issues.push_back(std::move(entry));
      }
      return issues;
    });
    auto pin = Async([&] { return shared.PinOf(commit); });
    std::future<v1::Check> objections;
    if (settings_.objection_window) {
      objections = Async([&] { return Objections(shared, tag); });
    }
    auto combined = status.get();
    auto check_runs = runs.get();
    auto branch_comparison = on_branch.get();
    auto stable_comparison = after_stable.get();
    auto regression_issues = regressions.get();
    Pin pinned = pin.get();

    checks.push_back(CiCheck(commit, combined, check_runs, settings_.required_checks,
                             settings_.integration_status_context));
    if (shared.branch.ok()) {
      checks.push_back(OnDefaultBranchCheck(commit, *shared.branch, branch_comparison));
    } else {
      checks.push_back(Unreadable(kOnDefaultBranch, "the repository's default branch",
                                  shared.branch.status()));
    }
    if (shared.stable_ref.ok()) {
      checks.push_back(AfterStableCheck(commit, stable, stable_comparison));
      checks.push_back(P0RegressionsCheck(tag, commit, settings_.regression_labels, stable,
                                          regression_issues));
    } else {
      for (char const* name : {kAfterStable, kP0Regressions}) {
        checks.push_back(Unreadable(name, absl::StrCat("the commit of ", shared.stable->tag_name),
                                    shared.stable_ref.status()));
      }
    }
    checks.push_back(HoldsCheck(tag, settings_.hold_label, shared.hold_issues));
    checks.push_back(LlvmUpstreamCheck(settings_.submodule_path, settings_.upstream_repo,
                                       settings_.upstream_branch, pinned.sha, pinned.upstream));
    if (shared.integrated_file) {
      checks.push_back(
          LlvmIntegratedCheck(settings_.integrated_commits_url, pinned.sha, *shared.integrated_file));
    }
    if (!settings_.integration_status_context.empty()) {
      checks.push_back(
          DownstreamIntegrationCheck(commit, settings_.integration_status_context, combined));
    }
    if (objections.valid()) checks.push_back(objections.get());
    checks.push_back(AssetsCheck(release, settings_.expected_assets));
    *verdict.mutable_candidate() = ToCandidate(release, commit);
    if (pinned.sha.ok()) verdict.mutable_candidate()->set_pinned_submodule_commit(*pinned.sha);
  }

  bool approved = true;
  for (auto& check : checks) {
    approved = approved && check.outcome() == v1::Check::OUTCOME_PASS;
    *verdict.add_checks() = std::move(check);
  }
  verdict.set_approved(approved);
  if (shared.stable) {
    verdict.set_previous_stable_tag(shared.stable->tag_name);
    *verdict.mutable_previous_stable() =
        ToCandidate(*shared.stable, stable ? stable->sha : std::string());
  }
  *verdict.mutable_evaluated_at() = server::ToTimestamp(clock_());
  if (settings_.objection_window) {
    verdict.mutable_objection_window()->set_seconds(
        absl::ToInt64Seconds(*settings_.objection_window));
  }
  return verdict;
}

absl::StatusOr<v1::Verdict> Verifier::Verify(http::CallContext const& context,
                                             std::string const& tag) const {
  auto parsed = release::ParseCandidateTag(tag);
  if (!parsed.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("tag: ", parsed.status().message()));
  }
  std::string repo_name = RepoName(settings_.repository);
  std::optional<Prediction> prediction = Predicted(tag);
  auto shared = LoadShared(context, prediction ? &*prediction : nullptr);
  if (!shared->releases.ok()) {
    return absl::Status(shared->releases.status().code(),
                        absl::StrCat("could not list the releases of ", repo_name, ": ",
                                     shared->releases.status().message()));
  }
  std::optional<github::Release> release;
  for (auto const& listed : *shared->releases) {
    if (listed.tag_name == tag) release = listed;
  }
  if (!release) {
    auto by_tag = api_.GetReleaseByTag(context, settings_.repository, tag);
    if (by_tag.ok()) {
      release = *std::move(by_tag);
    } else if (by_tag.status().code() != absl::StatusCode::kNotFound) {
      return absl::Status(by_tag.status().code(),
                          absl::StrCat("could not read the release ", tag, " of ", repo_name, ": ",
                                       by_tag.status().message()));
    }
  }
  if (!release && lookup_) {
    // A draft is invisible to a read-only token: the candidate service knows.
    auto state = lookup_(context, tag);
    if (state.ok() && *state == v1::Candidate::STATE_DRAFT) {
      return absl::FailedPreconditionError(absl::StrCat(
          tag, " is a draft (says the candidate service): its assets are still being built; "
               "verify it once it is published as a pre-release"));
    }
    if (!state.ok() && state.status().code() != absl::StatusCode::kNotFound) {
      return absl::NotFoundError(absl::StrCat(
          "no published release of ", repo_name, " has the tag ", tag,
          ", and the candidate service could not say whether it is a draft: ",
          state.status().message()));
    }
  }
  if (!release) {
    return absl::NotFoundError(
        absl::StrCat("no published release of ", repo_name, " has the tag ", tag,
                     lookup_ ? "" : " (a draft is invisible to a read-only token)"));
  }
  if (release->draft) {
    return absl::FailedPreconditionError(
        absl::StrCat(tag, " is a draft: its assets are still being built; verify it once it "
                          "is published as a pre-release"));
  }
  if (!release->prerelease) {
    return absl::FailedPreconditionError(absl::StrCat(
        tag, " is already a stable release",
        release->published_at ? absl::StrCat(" (published ", FormatUtc(*release->published_at), ")")
                              : "",
        ": there is nothing to promote"));
  }
  v1::Verdict verdict = Evaluate(context, *shared, *release);
  Remember(tag, *shared, verdict);
  return verdict;
}

void Verifier::Prefetch(Shared& shared, Prediction const& prediction) const {
  // Each read goes into the memo the evaluation asks: when the release still points at the
  // predicted commit (and the issues are the ones remembered), it finds the answer there or
  // on its way; when not, it asks for what it needs and these answers are left unused.
  Shared const* into = &shared;
  std::string const sha = prediction.sha;
  auto start = [&shared](auto read) { shared.prefetches.push_back(Async(std::move(read))); };
  start([into, sha] { into->Status(sha).IgnoreError(); });
  start([into, sha] { into->CheckRuns(sha).IgnoreError(); });
  if (!prediction.branch.empty()) {
    start([into, sha, branch = prediction.branch] {
      into->Compare(into->settings.repository, branch, sha).IgnoreError();
    });
  }
  start([into, sha] { into->PinOf(sha); });
  for (int64_t number : prediction.closed_regressions) {
    start([into, number] { into->Events(number).IgnoreError(); });
  }
  if (prediction.proposal) {
    start([into, number = *prediction.proposal] { into->Comments(number).IgnoreError(); });
  }
}

std::optional<Verifier::Prediction> Verifier::Predicted(std::string const& tag) const {
  absl::MutexLock lock(&predictions_mu_);
  auto it = predictions_.find(tag);
  if (it == predictions_.end()) return std::nullopt;
  return it->second;
}

void Verifier::Remember(std::string const& tag, Shared const& shared,
                        v1::Verdict const& verdict) const {
  if (verdict.candidate().commit_sha().empty()) return;
  Prediction prediction;
  prediction.sha = verdict.candidate().commit_sha();
  if (shared.branch.ok()) prediction.branch = *shared.branch;
  prediction.closed_regressions = shared.ClosedRegressionsAfterStable();
  if (settings_.objection_window && shared.proposal_issues.ok()) {
    if (auto proposal = release::FindProposal(*shared.proposal_issues, tag)) {
      prediction.proposal = proposal->number;
    }
  }
  absl::MutexLock lock(&predictions_mu_);
  if (predictions_.size() >= kMaxPredictions) predictions_.clear();
  predictions_[tag] = std::move(prediction);
}

absl::StatusOr<v1::PickCandidateResponse> Verifier::PickCandidate(
    http::CallContext const& context) const {
  std::string repo_name = RepoName(settings_.repository);
  auto shared = LoadShared(context);
  if (!shared->releases.ok()) {
    return absl::Status(shared->releases.status().code(),
                        absl::StrCat("could not list the releases of ", repo_name, ": ",
                                     shared->releases.status().message()));
  }
  std::vector<std::pair<release::CandidateTag, github::Release const*>> candidates;
  for (auto const& listed : *shared->releases) {
    if (!IsPublishedCandidate(listed)) continue;
    candidates.emplace_back(*release::ParseCandidateTag(listed.tag_name), &listed);
  }
  std::sort(candidates.begin(), candidates.end(),
            [](auto const& a, auto const& b) { return b.first < a.first; });
  if (candidates.size() > static_cast<size_t>(settings_.max_candidates)) {
    candidates.resize(static_cast<size_t>(settings_.max_candidates));
  }
  v1::PickCandidateResponse response;
  std::vector<std::string> reasons;
  for (auto const& [tag, release] : candidates) {
    v1::Verdict verdict = Evaluate(context, *shared, *release);
    if (verdict.approved()) {
      *response.mutable_verdict() = std::move(verdict);
      return response;
    }
    reasons.push_back(absl::StrCat(release->tag_name, " (", DescribeRejection(verdict), ")"));
    *response.add_rejected() = std::move(verdict);
  }
  if (candidates.empty()) {
    return absl::NotFoundError(
        absl::StrCat(repo_name, " has no published pre-release candidate to pick"));
  }
  return absl::NotFoundError(absl::StrCat("none of the ", candidates.size(),
                                          " newest pre-release candidates of ", repo_name,
                                          " is approved: ", absl::StrJoin(reasons, "; ")));
}

std::string DescribeRejection(v1::Verdict const& verdict) {
  std::vector<std::string> parts;
  for (auto const& check : verdict.checks()) {
    if (check.outcome() == v1::Check::OUTCOME_PASS) continue;
    parts.push_back(absl::StrCat(
        check.name(), " ",
        check.outcome() == v1::Check::OUTCOME_FAIL ? "FAIL" : "INCONCLUSIVE", ": ",
        check.detail()));
  }
  return absl::StrJoin(parts, "; ");
}

}  // namespace stablecut::verifier
