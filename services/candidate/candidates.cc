#include "services/candidate/candidates.h"

#include <algorithm>
#include <map>
#include <utility>

#include "absl/cleanup/cleanup.h"
#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "lib/log/log.h"
#include "lib/release/ancestry.h"
#include "lib/release/asset_patterns.h"
#include "lib/release/ci_state.h"
#include "lib/release/commit_sha.h"
#include "lib/release/name_template.h"
#include "lib/release/tag_numbering.h"

namespace stablecut::candidate {
namespace {

using release::CiState;
using release::CiVerdict;
using release::EvaluateCi;
using release::ExpandNameTemplate;
using release::IsAncestorOrSame;
using release::IsFullSha;
using release::MissingPatterns;
using release::NextCandidateTag;
using release::ParseCommitSha;
using release::ShortSha;

constexpr int kMaxReleasesScanned = 1000;
constexpr int kDefaultPageSize = 20;
constexpr int kMaxPageSize = 100;
constexpr absl::string_view kTagRefPrefix = "refs/tags/";

CandidateState StateOf(github::Release const& release) {
  if (release.draft) return CandidateState::kDraft;
  return release.prerelease ? CandidateState::kPreRelease : CandidateState::kStable;
}

}  // namespace

Candidates::Candidates(github::Api& github, CandidateSettings const& settings,
                       clock::Clock const& clock)
    : github_(github), settings_(settings), clock_(clock) {}

absl::StatusOr<std::string> Candidates::Branch(http::CallContext const& context) {
  if (!settings_.default_branch.empty()) return settings_.default_branch;
  auto repo = github_.GetRepository(context, settings_.github.repository);
  if (!repo.ok()) return repo.status();
  return repo->default_branch;
}

absl::StatusOr<std::vector<github::Commit>> Candidates::FirstParentLine(http::CallContext const& context, 
    std::string const& branch) {
  // The branch's own ref, not the listing's first entry: GitHub lists commits newest first
  // by date, and a date says nothing about which commit the branch points at.
  auto head = github_.GetRef(context, settings_.github.repository, absl::StrCat("heads/", branch));
  if (!head.ok()) return head.status();
  auto commits = github_.ListCommits(context, settings_.github.repository, branch, settings_.max_commits_scanned);
  if (!commits.ok()) return commits.status();
  return release::FirstParentLine(head->object_sha, *commits);
}

absl::StatusOr<std::string> Candidates::CheckGreen(http::CallContext const& context, std::string const& sha) {
  auto status = github_.GetCombinedStatus(context, settings_.github.repository, sha);
  if (!status.ok()) return status.status();
  auto runs = github_.ListCheckRuns(context, settings_.github.repository, sha);
  if (!runs.ok()) return runs.status();
  CiVerdict verdict = EvaluateCi(*status, *runs, settings_.required_checks);
  if (verdict.state != CiState::kGreen) return absl::FailedPreconditionError(verdict.reason);
  return absl::StrCat("combined status ", status->total_count == 0 ? "(none)" : status->state,
                      ", ", runs->size(), " check runs green");
}

absl::StatusOr<std::vector<github::Release>> Candidates::CandidateReleases(http::CallContext const& context) {
  auto releases = github_.ListReleases(context, settings_.github.repository, kMaxReleasesScanned);
  if (!releases.ok()) return releases.status();
  std::vector<std::pair<CandidateTag, github::Release>> tagged;
  for (auto& release : *releases) {
    auto tag = ParseCandidateTag(release.tag_name);
    if (tag.ok()) tagged.emplace_back(*tag, std::move(release));
  }
  std::sort(tagged.begin(), tagged.end(),
            [](auto const& a, auto const& b) { return b.first < a.first; });
  std::vector<github::Release> sorted;
  for (auto& [tag, release] : tagged) sorted.push_back(std::move(release));
  return sorted;
}

absl::StatusOr<CandidateInfo> Candidates::ToInfo(http::CallContext const& context, github::Release const& release) {
  auto tag = ParseCandidateTag(release.tag_name);
  if (!tag.ok()) return tag.status();
  CandidateInfo info;
  info.tag = *tag;
  info.release_id = release.id;
  info.created_at = release.created_at;
  if (release.published_at) info.published_at = *release.published_at;
  info.state = StateOf(release);
  info.assets = release.assets;
  info.name = release.name;
  info.html_url = release.html_url;
  if (IsFullSha(release.target_commitish)) {
    info.commit_sha = absl::AsciiStrToLower(release.target_commitish);
  } else {
    auto ref = github_.GetRef(context, settings_.github.repository, absl::StrCat("tags/", release.tag_name));
    if (ref.ok()) info.commit_sha = ref->object_sha;
  }
  if (!settings_.submodule_path.empty() && !info.commit_sha.empty()) {
    auto pin = github_.GetContent(context, settings_.github.repository, settings_.submodule_path, info.commit_sha);
    if (pin.ok() && pin->type == "submodule") {
      info.pinned_submodule_commit = pin->sha;
    } else if (!pin.ok() && pin.status().code() != absl::StatusCode::kNotFound) {
      return pin.status();
    }
  }
  return info;
}

absl::StatusOr<CandidateInfo> Candidates::CreateReleaseFor(http::CallContext const& context, CandidateTag const& tag,
                                                           std::string const& sha,
                                                           std::string const& ci_summary) {
  std::string tag_name = tag.ToString();
  github::ReleaseFields fields;
  fields.tag_name = tag_name;
  fields.target_commitish = sha;
  fields.name = ExpandNameTemplate(settings_.candidate_name_template, settings_.project_name,
                                   tag_name);
  fields.body = absl::StrCat("Daily candidate ", tag_name, " of ", settings_.project_name,
                             ", cut by Stablecut at commit ", sha, ".\n\nCI: ", ci_summary,
                             ".\n");
  fields.draft = true;
  fields.prerelease = true;
  fields.make_latest = "false";
  auto release = github_.CreateRelease(context, settings_.github.repository, fields);
  std::optional<github::Release> made;
  if (release.ok()) {
    made = *std::move(release);
    log::Event(log::Level::kInfo, "release created",
               {{"tag", tag_name}, {"release_id", absl::StrCat(made->id)}, {"commit", sha}});
  } else if (release.status().code() == absl::StatusCode::kAlreadyExists ||
             release.status().code() == absl::StatusCode::kUnavailable) {
    // ALREADY_EXISTS: another call got there first. UNAVAILABLE: the answer may have been
    // lost after GitHub created it (a write is not sent twice). Either way, read before
    // answering; GitHub finds no draft by tag, so look in the list.
    auto existing = FindRelease(context, tag_name);
    if (!existing.ok()) return existing.status();
    if (!*existing) return release.status();
    made = **existing;
    log::Event(log::Level::kInfo, "release found",
               {{"tag", tag_name}, {"release_id", absl::StrCat(made->id)},
                {"after", std::string(release.status().message())}});
  } else {
    return release.status();
  }
  std::optional<BuildDispatch> build;
  if (!settings_.build_workflow.empty() && made->draft) {
    auto ensured = EnsureBuild(context, tag, made->id);
    if (!ensured.ok()) {
      return absl::Status(
          ensured.status().code(),
          absl::StrCat("candidate ", tag_name, " was created, but dispatching ",
                       settings_.build_workflow, " failed: ", ensured.status().message(),
                       "; CreateCandidate again dispatches it"));
    }
    build = *ensured;
  }
  auto info = ToInfo(context, *made);
  if (info.ok()) info->build = build;
  return info;
}

absl::StatusOr<std::optional<github::Release>> Candidates::FindRelease(
    http::CallContext const& context, std::string const& tag_name) {
  auto releases = CandidateReleases(context);
  if (!releases.ok()) return releases.status();
  for (auto const& existing : *releases) {
    if (existing.tag_name == tag_name) return std::optional<github::Release>(existing);
  }
  return std::optional<github::Release>();
}

absl::StatusOr<std::optional<BuildDispatch>> Candidates::LookUpBuild(
    http::CallContext const& context, std::string const& tag_name) {
  // Dispatches name the candidate's tag as their ref, and each tag names one candidate, so
  // any dispatched run for the tag is this candidate's build.
  auto runs = github_.ListWorkflowRuns(context, settings_.github.repository, settings_.build_workflow,
                                       "workflow_dispatch", tag_name);
  if (!runs.ok()) return runs.status();
  if (runs->empty()) return std::optional<BuildDispatch>();
  BuildDispatch build;
  build.run_id = runs->front().workflow_run_id;
  build.run_url = runs->front().html_url;
  return std::optional<BuildDispatch>(build);
}

absl::StatusOr<BuildDispatch> Candidates::EnsureBuild(http::CallContext const& context,
                                                      CandidateTag const& tag,
                                                      int64_t release_id) {
  std::string tag_name = tag.ToString();
  auto earlier = LookUpBuild(context, tag_name);
  if (!earlier.ok()) return earlier.status();
  if (*earlier) return **earlier;
  auto run = github_.DispatchWorkflow(
      context, settings_.github.repository, settings_.build_workflow, tag_name,
      {{"package_version", tag.Version()}, {"release_id", absl::StrCat(release_id)}});
  if (!run.ok()) {
    // The dispatch may have reached GitHub with its answer lost: look once more.
    if (run.status().code() == absl::StatusCode::kUnavailable) {
      auto after = LookUpBuild(context, tag_name);
      if (after.ok() && *after) return **after;
    }
    return run.status();
  }
  BuildDispatch build;
  build.dispatched_now = true;
  if (*run) {
    build.run_id = (*run)->workflow_run_id;
    build.run_url = (*run)->html_url;
  }
  log::Event(log::Level::kInfo, "build dispatched",
             {{"tag", tag_name}, {"workflow", settings_.build_workflow},
              {"run_id", build.run_id != 0 ? absl::StrCat(build.run_id) : "unknown"}});
  return build;
}

absl::StatusOr<CutResult> Candidates::Create(http::CallContext const& context, bool force, std::string const& commit_sha) {
  {
    absl::MutexLock lock(&mu_);
    if (cutting_) {
      return absl::AbortedError("a candidate is already being cut; try again when it is done");
    }
    cutting_ = true;
  }
  absl::Cleanup done = [this] {
    absl::MutexLock lock(&mu_);
    cutting_ = false;
  };

  auto branch = Branch(context);
  if (!branch.ok()) return branch.status();
  CutResult result;
  std::string sha;
  std::string ci_summary;
  if (!commit_sha.empty()) {
    auto requested = ParseCommitSha("commit_sha", commit_sha);
    if (!requested.ok()) return requested.status();
    auto commit = github_.GetCommit(context, settings_.github.repository, *requested);
    if (!commit.ok()) return commit.status();
    sha = commit->sha;
    auto ancestry = github_.Compare(context, settings_.github.repository, *branch, sha);
    if (!ancestry.ok()) return ancestry.status();
    if (!IsAncestorOrSame(*ancestry)) {
      return absl::FailedPreconditionError(absl::StrCat(
          "commit ", ShortSha(sha), " is not on ", *branch, " (compare says ",
          ancestry->status,
          "); candidates are cut from the default branch only, never from cherry-picks"));
    }
    auto line = FirstParentLine(context, *branch);
    if (!line.ok()) return line.status();
    bool on_line = std::any_of(line->begin(), line->end(),
                               [&](github::Commit const& c) { return c.sha == sha; });
    if (!on_line) {
      return absl::FailedPreconditionError(absl::StrCat(
          "commit ", ShortSha(sha), " is on ", *branch,
          " but not on its first-parent line among the newest ", line->size(),
          " commits there (max_commits_scanned ", settings_.max_commits_scanned,
          "): it came in through a merge, so ", *branch,
          " never had its tree and its CI ran elsewhere; cut at the merge commit instead"));
    }
    auto green = CheckGreen(context, sha);
    if (!green.ok()) {
      if (green.status().code() != absl::StatusCode::kFailedPrecondition) return green.status();
      return absl::FailedPreconditionError(absl::StrCat(
          "commit ", ShortSha(sha), " is not green: ", green.status().message()));
    }
    ci_summary = *green;
  } else {
    auto commits = FirstParentLine(context, *branch);
    if (!commits.ok()) return commits.status();
    for (auto const& commit : *commits) {
      auto green = CheckGreen(context, commit.sha);
      if (green.ok()) {
        sha = commit.sha;
        ci_summary = *green;
        break;
      }
      if (green.status().code() != absl::StatusCode::kFailedPrecondition) return green.status();
      result.skipped.emplace_back(commit.sha, std::string(green.status().message()));
    }
    if (sha.empty()) {
      std::vector<std::string> newest;
      for (std::size_t i = 0; i < std::min<std::size_t>(3, result.skipped.size()); ++i) {
        newest.push_back(absl::StrCat(ShortSha(result.skipped[i].first), " ",
                                      result.skipped[i].second));
      }
      return absl::FailedPreconditionError(absl::StrCat(
          "no commit with fully green CI among the last ", commits->size(),
          " commits of ", *branch, "'s first-parent line (max_commits_scanned ",
          settings_.max_commits_scanned, "); newest: ", absl::StrJoin(newest, "; ")));
    }
  }

  // What exists already: candidate tags (refs) and candidate releases.
  auto refs = github_.ListMatchingRefs(context, settings_.github.repository, "tags/candidate-");
  if (!refs.ok()) return refs.status();
  auto releases = CandidateReleases(context);
  if (!releases.ok()) return releases.status();
  std::map<std::string, github::Release const*> release_by_tag;
  for (auto const& release : *releases) release_by_tag[release.tag_name] = &release;
  std::vector<std::pair<CandidateTag, std::string>> tags;  // tag, commit
  for (auto const& ref : *refs) {
    absl::string_view name = ref.ref;
    if (!absl::ConsumePrefix(&name, kTagRefPrefix)) continue;
    auto tag = ParseCandidateTag(name);
    if (tag.ok()) tags.emplace_back(*tag, ref.object_sha);
  }
  std::sort(tags.begin(), tags.end(), [](auto const& a, auto const& b) { return b.first < a.first; });

  for (auto const& [tag, tag_sha] : tags) {
    if (tag_sha != sha) continue;
    auto release = release_by_tag.find(tag.ToString());
    if (release == release_by_tag.end()) {
      // The tag was made but its release was not (a crash, a GitHub error): finish it.
      log::Event(log::Level::kWarn, "completing candidate",
                 {{"tag", tag.ToString()}, {"commit", sha}, {"why", "tag without release"}});
      auto info = CreateReleaseFor(context, tag, sha, ci_summary);
      if (!info.ok()) return info.status();
      result.candidate = *std::move(info);
      result.created = true;
      return result;
    }
    if (!force) {
      auto info = ToInfo(context, *release->second);
      if (!info.ok()) return info.status();
      // A draft whose build was never dispatched (the dispatch failed, or the process died
      // after creating the release) would never get its wheels: dispatch it now.
      if (!settings_.build_workflow.empty() && release->second->draft) {
        auto build = EnsureBuild(context, tag, release->second->id);
        if (!build.ok()) {
          return absl::Status(build.status().code(),
                              absl::StrCat("candidate ", tag.ToString(),
                                           " exists as a draft, but dispatching ",
                                           settings_.build_workflow,
                                           " failed: ", build.status().message()));
        }
        info->build = *build;
      }
      result.candidate = *std::move(info);
      return result;
    }
  }

  std::vector<CandidateTag> existing;
  for (auto const& [tag, unused] : tags) existing.push_back(tag);
  for (auto const& [name, unused] : release_by_tag) {
    if (auto tag = ParseCandidateTag(name); tag.ok()) existing.push_back(*tag);
  }
  CandidateTag tag = NextCandidateTag(
      absl::ToCivilDay(clock_.Now(), absl::UTCTimeZone()), existing);
  auto ref = github_.CreateRef(context, settings_.github.repository,
                               absl::StrCat(kTagRefPrefix, tag.ToString()), sha);
  if (ref.status().code() == absl::StatusCode::kUnavailable) {
    // The answer may have been lost after GitHub made the tag: read before answering.
    auto made = github_.GetRef(context, settings_.github.repository, absl::StrCat("tags/", tag.ToString()));
    if (made.ok() && made->object_sha == sha) {
      log::Event(log::Level::kInfo, "tag found",
                 {{"tag", tag.ToString()}, {"after", std::string(ref.status().message())}});
      ref = *std::move(made);
    } else if (made.ok()) {
      ref = absl::AlreadyExistsError("the tag points at another commit");
    }
  }
  if (ref.status().code() == absl::StatusCode::kAlreadyExists) {
    return absl::AbortedError(absl::StrCat("tag ", tag.ToString(),
                                           " appeared while cutting: another cut ran at the "
                                           "same time; call CreateCandidate again"));
  }
  if (!ref.ok()) return ref.status();
  log::Event(log::Level::kInfo, "tag created", {{"tag", tag.ToString()}, {"commit", sha}});
  auto info = CreateReleaseFor(context, tag, sha, ci_summary);
  if (!info.ok()) return info.status();
  result.candidate = *std::move(info);
  result.created = true;
  return result;
}

absl::StatusOr<CandidateInfo> Candidates::Get(http::CallContext const& context, std::string const& tag) {
  auto parsed = ParseCandidateTag(tag);
  if (!parsed.ok()) return parsed.status();
  auto release = FindRelease(context, tag);
  if (!release.ok()) return release.status();
  if (*release) {
    auto info = ToInfo(context, **release);
    if (!info.ok() || settings_.build_workflow.empty()) return info;
    auto build = LookUpBuild(context, tag);
    if (!build.ok()) return build.status();
    info->build = build->value_or(BuildDispatch{});
    info->build->dispatched = build->has_value();
    return info;
  }
  return absl::NotFoundError(absl::StrCat("no release tagged ", tag, " in ",
                                          settings_.github.repository.owner, "/",
                                          settings_.github.repository.name,
                                          "; ListCandidates shows the existing ones"));
}

absl::StatusOr<ListResult> Candidates::List(http::CallContext const& context, int page_size, std::string const& page_token,
                                            std::optional<CandidateState> state) {
  if (page_size < 0) return absl::InvalidArgumentError("page_size must not be negative");
  int size = page_size == 0 ? kDefaultPageSize : std::min(page_size, kMaxPageSize);
  std::size_t offset = 0;
  if (!page_token.empty() && !absl::SimpleAtoi(page_token, &offset)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "page_token \"", absl::CHexEscape(page_token.substr(0, 32)),
        "\" is not one this service gave out; pass a response's next_page_token, or none"));
  }
  auto releases = CandidateReleases(context);
  if (!releases.ok()) return releases.status();
  std::vector<github::Release const*> matching;
  for (auto const& release : *releases) {
    if (!state || StateOf(release) == *state) matching.push_back(&release);
  }
  ListResult result;
  for (std::size_t i = offset; i < matching.size() && result.candidates.size() < std::size_t(size);
       ++i) {
    auto info = ToInfo(context, *matching[i]);
    if (!info.ok()) return info.status();
    result.candidates.push_back(*std::move(info));
  }
  if (offset + result.candidates.size() < matching.size()) {
    result.next_page_token = absl::StrCat(offset + result.candidates.size());
  }
  return result;
}

absl::StatusOr<FinalizeResult> Candidates::Finalize(http::CallContext const& context) {
  auto releases = CandidateReleases(context);
  if (!releases.ok()) return releases.status();
  FinalizeResult result;
  for (auto const& release : *releases) {
    if (!release.draft) continue;
    auto assets = github_.ListReleaseAssets(context, settings_.github.repository, release.id);
    if (!assets.ok()) return assets.status();
    github::Release current = release;
    current.assets = *assets;
    auto missing = MissingPatterns(settings_.expected_assets, *assets);
    if (settings_.expected_assets.empty()) missing.push_back("(no expected_assets configured)");
    if (!missing.empty()) {
      auto info = ToInfo(context, current);
      if (!info.ok()) return info.status();
      result.incomplete.emplace_back(*std::move(info), std::move(missing));
      continue;
    }
    github::ReleaseFields publish;
    publish.draft = false;
    publish.prerelease = true;
    publish.make_latest = "false";
    auto published = github_.UpdateRelease(context, settings_.github.repository, release.id, publish);
    if (!published.ok()) return published.status();
    log::Event(log::Level::kInfo, "candidate finalized",
               {{"tag", release.tag_name}, {"release_id", absl::StrCat(release.id)}});
    auto info = ToInfo(context, *published);
    if (!info.ok()) return info.status();
    result.finalized.push_back(*std::move(info));
  }
  return result;
}

absl::StatusOr<CandidateInfo> Candidates::Promote(http::CallContext const& context, std::string const& tag) {
  auto candidate = Get(context, tag);
  if (!candidate.ok()) return candidate.status();
  if (candidate->state == CandidateState::kDraft) {
    return absl::FailedPreconditionError(absl::StrCat(
        tag, " is still a draft (assets incomplete); it can be promoted once finalized"));
  }
  std::string stable_name =
      ExpandNameTemplate(settings_.stable_name_template, settings_.project_name, tag);
  // Promoted before: the one update below made it stable and latest together. A release
  // that is latest no longer was replaced by a newer one (or by a person); a repeated call (a
  // retry, a publish run again) must not roll that back, so it changes nothing.
  if (candidate->state == CandidateState::kStable && candidate->name == stable_name) {
    return candidate;
  }
  // One update: GitHub will not mark a pre-release latest, and assets are left alone
  // (immutable releases forbid touching them).
  github::ReleaseFields promote;
  promote.name = stable_name;
  promote.prerelease = false;
  promote.make_latest = "true";
  auto promoted = github_.UpdateRelease(context, settings_.github.repository, candidate->release_id, promote);
  if (!promoted.ok()) return promoted.status();
  log::Event(log::Level::kInfo, "candidate promoted",
             {{"tag", tag}, {"release_id", absl::StrCat(candidate->release_id)}});
  return ToInfo(context, *promoted);
}

}  // namespace stablecut::candidate
