#include "services/candidate/proposals.h"

#include <optional>
#include <utility>

#include "absl/cleanup/cleanup.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "lib/log/log.h"
#include "lib/release/proposal.h"
#include "lib/server/proto_time.h"
#include "services/candidate/proposal_body.h"

namespace stablecut::candidate {
namespace {

// GitHub refused our token the write (401/403 reach us as FAILED_PRECONDITION): say which
// permission the proposal needs, keeping GitHub's words.
absl::Status NameTheWritePermission(absl::Status status, absl::string_view what) {
  if (status.code() != absl::StatusCode::kFailedPrecondition) return status;
  return absl::FailedPreconditionError(absl::StrCat(
      "GitHub refused to ", what, ": ", status.message(),
      ". The candidate service's token needs the `issues: write` permission (a fine-grained "
      "token or GitHub App) or the `repo` scope (a classic token) for release proposals"));
}

std::optional<absl::Time> WindowEnds(v1::Verdict const& verdict, absl::Time proposed_at) {
  if (!verdict.has_objection_window()) return std::nullopt;
  return proposed_at + absl::Seconds(verdict.objection_window().seconds());
}

}  // namespace

Proposals::Proposals(github::Api& github, CandidateSettings const& settings,
                     Candidates& candidates, VerdictSource verdicts)
    : github_(github), settings_(settings), candidates_(candidates), verdicts_(std::move(verdicts)) {}

absl::StatusOr<v1::Proposal> Proposals::Propose(http::CallContext const& context,
                                                std::string const& tag) {
  auto candidate = candidates_.Get(context, tag);  // INVALID_ARGUMENT, NOT_FOUND
  if (!candidate.ok()) return candidate.status();
  if (candidate->state == CandidateState::kDraft) {
    return absl::FailedPreconditionError(absl::StrCat(
        tag, " is a draft: it is proposed once it is finalized (every expected asset "
             "attached; FinalizeCandidates)"));
  }
  if (candidate->state == CandidateState::kStable) {
    return absl::FailedPreconditionError(
        absl::StrCat(tag, " is already promoted to stable: there is nothing to propose"));
  }
  if (!verdicts_) {
    return absl::FailedPreconditionError(
        "ProposeCandidate needs the verifier's verdict, and no verifier is configured: set "
        "`verifier` in the candidate service's config");
  }
  {
    absl::MutexLock lock(&mu_);
    if (!proposing_.insert(tag).second) {
      return absl::AbortedError(absl::StrCat(
          "a proposal of ", tag, " is being written by another call; try again when it ends"));
    }
  }
  absl::Cleanup done = [&] {
    absl::MutexLock lock(&mu_);
    proposing_.erase(tag);
  };
  auto verdict = verdicts_(context, tag);
  if (!verdict.ok()) return verdict.status();
  return Write(context, *verdict);
}

absl::StatusOr<v1::Proposal> Proposals::Write(http::CallContext const& context,
                                              v1::Verdict const& verdict) {
  github::RepoRef const& repo = settings_.github.repository;
  std::string const& tag = verdict.candidate().tag();
  github::IssueQuery query;
  query.labels = {settings_.proposal_label};
  query.state = "all";
  auto issues = github_.ListIssues(context, repo, query);
  if (!issues.ok()) return issues.status();
  std::optional<github::Issue> existing = release::FindProposal(*issues, tag);

  v1::Proposal proposal;
  proposal.set_tag(tag);
  github::Issue issue;
  if (!existing) {
    github::IssueWrite create;
    create.title = release::ProposalTitle(tag);
    create.labels = std::vector<std::string>{settings_.proposal_label};
    // The window counts from the issue's opening, which GitHub stamps: the body first says
    // so, and is rewritten with the exact end below.
    create.body = RenderProposalBody(verdict, std::nullopt);
    auto created = github_.CreateIssue(context, repo, create);
    if (!created.ok() && created.status().code() == absl::StatusCode::kUnavailable) {
      // The answer was lost, not necessarily the issue: look before anyone opens a second.
      auto relisted = github_.ListIssues(context, repo, query);
      if (relisted.ok()) {
        if (auto found = release::FindProposal(*relisted, tag)) created = *std::move(found);
      }
    }
    if (!created.ok()) return NameTheWritePermission(created.status(), "open the proposal issue");
    issue = *std::move(created);
    proposal.set_created(true);
    log::Event(log::Level::kInfo, "proposal opened",
               {{"tag", tag}, {"issue", absl::StrCat(issue.number)}});
    if (auto oldest = OldestAfterOpening(context, query, tag, issue)) {
      issue = *std::move(oldest);
      proposal.set_created(false);
    }
  } else {
    issue = *existing;
  }

  std::optional<absl::Time> ends = WindowEnds(verdict, issue.created_at);
  github::IssueWrite edit;
  edit.body = RenderProposalBody(verdict, ends);
  if (issue.state == "closed") {
    edit.state = "open";
    edit.state_reason = "reopened";
  }
  bool const needs_edit = !proposal.created() || ends.has_value();
  if (needs_edit) {
    auto edited = github_.UpdateIssue(context, repo, issue.number, edit);
    if (!edited.ok()) {
      return NameTheWritePermission(edited.status(),
                                    absl::StrCat("edit proposal issue #", issue.number));
    }
    issue = *std::move(edited);
  }
  proposal.set_issue_number(issue.number);
  proposal.set_html_url(issue.html_url);
  *proposal.mutable_proposed_at() = server::ToTimestamp(issue.created_at);
  if (ends) *proposal.mutable_window_ends_at() = server::ToTimestamp(*ends);
  proposal.set_verdict_approved(verdict.approved());
  proposal.set_body(needs_edit ? *edit.body : RenderProposalBody(verdict, ends));
  proposal.set_state(issue.state.empty() ? "open" : issue.state);
  return proposal;
}

std::optional<github::Issue> Proposals::OldestAfterOpening(http::CallContext const& context,
                                                           github::IssueQuery const& query,
                                                           std::string const& tag,
                                                           github::Issue const& opened) {
  // Another replica may have listed no proposal either and opened its own. Issue numbers and
  // creation times order the two, so every replica agrees on the oldest (FindProposal, which
  // the verifier reads objections from); a younger one of ours is closed, pointing at it.
  // The replica that opened the younger issue lists again after both exist, so it sees both.
  github::RepoRef const& repo = settings_.github.repository;
  auto relisted = github_.ListIssues(context, repo, query);
  if (!relisted.ok()) return std::nullopt;  // ours stands; a later call reconciles
  auto oldest = release::FindProposal(*relisted, tag);
  if (!oldest || oldest->number == opened.number) return std::nullopt;
  absl::Status closed = Comment(context, opened.number,
                                DuplicateComment(oldest->number, oldest->html_url));
  if (closed.ok()) {
    github::IssueWrite close;
    close.state = "closed";
    close.state_reason = "not_planned";
    closed = github_.UpdateIssue(context, repo, opened.number, close).status();
  }
  log::Event(closed.ok() ? log::Level::kInfo : log::Level::kWarn, "proposal duplicate",
             {{"tag", tag},
              {"issue", absl::StrCat(opened.number)},
              {"kept", absl::StrCat(oldest->number)},
              {"closed", closed.ok() ? "yes" : std::string(closed.message())}});
  return oldest;
}

absl::Status Proposals::Comment(http::CallContext const& context, int64_t number,
                               std::string const& body) {
  github::RepoRef const& repo = settings_.github.repository;
  auto commented = github_.CreateIssueComment(context, repo, number, body);
  if (commented.ok() || commented.status().code() != absl::StatusCode::kUnavailable) {
    return commented.status();
  }
  // The answer was lost: the comment may be there, and must not be written twice.
  auto comments = github_.ListIssueComments(context, repo, number);
  if (comments.ok()) {
    for (auto const& existing : *comments) {
      if (existing.body == body) return absl::OkStatus();
    }
  }
  return commented.status();
}

absl::Status Proposals::AfterPromotion(http::CallContext const& context,
                                       CandidateInfo const& promoted,
                                       std::vector<std::string> const& published_files) {
  github::RepoRef const& repo = settings_.github.repository;
  github::IssueQuery query;
  query.labels = {settings_.proposal_label};
  query.state = "open";
  auto issues = github_.ListIssues(context, repo, query);
  if (!issues.ok()) return issues.status();
  std::string const promoted_tag = promoted.tag.ToString();
  std::string const prefix = release::ProposalTitle("");
  std::vector<std::string> failed;
  for (auto const& issue : *issues) {
    if (issue.is_pull_request || issue.state == "closed") continue;
    absl::string_view title = issue.title;
    if (!absl::ConsumePrefix(&title, prefix)) continue;
    auto tag = release::ParseCandidateTag(title);
    if (!tag.ok()) continue;
    bool const is_promoted = *tag == promoted.tag;
    if (!is_promoted && !(*tag < promoted.tag)) continue;  // newer: may still be promoted
    std::string const comment = is_promoted ? PromotedComment(promoted.html_url, published_files)
                                            : SupersededComment(promoted_tag, promoted.html_url);
    absl::Status status = Comment(context, issue.number, comment);
    if (status.ok()) {
      github::IssueWrite close;
      close.state = "closed";
      close.state_reason = is_promoted ? "completed" : "not_planned";
      status = github_.UpdateIssue(context, repo, issue.number, close).status();
    }
    if (!status.ok()) {
      failed.push_back(absl::StrCat("#", issue.number, ": ", status.message()));
      continue;
    }
    log::Event(log::Level::kInfo, "proposal closed",
               {{"tag", std::string(title)},
                {"issue", absl::StrCat(issue.number)},
                {"promoted", promoted_tag}});
  }
  if (!failed.empty()) {
    return absl::UnavailableError(absl::StrCat("could not close every proposal after promoting ",
                                               promoted_tag, ": ", absl::StrJoin(failed, "; ")));
  }
  return absl::OkStatus();
}

}  // namespace stablecut::candidate
