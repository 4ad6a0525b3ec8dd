#include "services/verifier/objections_check.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "lib/release/proposal.h"
#include "services/verifier/check.h"

namespace stablecut::verifier {
namespace {

std::string Quote(github::IssueComment const& comment) {
  return absl::StrCat(comment.user_login, " (", comment.author_association, ") at ",
                      FormatUtc(comment.created_at), ": \"", release::FirstLine(comment.body),
                      "\"", comment.html_url.empty() ? "" : absl::StrCat(" ", comment.html_url));
}

std::string ProposalName(github::Issue const& proposal) {
  return absl::StrCat("proposal #", proposal.number,
                      proposal.html_url.empty() ? "" : absl::StrCat(" (", proposal.html_url, ")"));
}

}  // namespace

v1::Check ObjectionsCheck(std::string const& tag, ObjectionsRule const& rule, absl::Time now,
                          absl::StatusOr<std::optional<github::Issue>> const& proposal,
                          absl::StatusOr<std::vector<github::IssueComment>> const& comments) {
  if (!proposal.ok()) {
    return Unreadable(kObjections, absl::StrCat("the issues labelled ", rule.proposal_label),
                      proposal.status());
  }
  if (!proposal->has_value()) {
    return Fail(kObjections,
                absl::StrCat("not proposed yet: no issue labelled ", rule.proposal_label,
                             " is titled \"", release::ProposalTitle(tag),
                             "\"; call CandidateService.ProposeCandidate, then let its ",
                             DescribeDuration(rule.window), " objection window pass"));
  }
  github::Issue const& issue = **proposal;
  std::string const name = ProposalName(issue);
  std::vector<std::string> considered = {absl::StrCat(name, " opened ", FormatUtc(issue.created_at),
                                                      ", ", issue.state)};
  if (!comments.ok()) {
    return Unreadable(kObjections, absl::StrCat("the comments of ", name), comments.status(),
                      std::move(considered));
  }
  release::ObjectionReading reading =
      release::ReadObjections(*comments, rule.objector_associations);
  for (auto const& released : reading.released) {
    considered.push_back(absl::StrCat("released hold: ", Quote(released)));
  }
  std::string remarks;
  if (!reading.remarks.empty()) {
    std::vector<std::string> quoted;
    for (auto const& remark : reading.remarks) {
      quoted.push_back(Quote(remark));
      considered.push_back(absl::StrCat("remark: ", Quote(remark)));
    }
    remarks = absl::StrCat("; remarks, not blocking (not from ",
                           absl::StrJoin(rule.objector_associations, ", "),
                           "): ", absl::StrJoin(quoted, "; "));
  }
  if (reading.standing) {
    return Fail(kObjections,
                absl::StrCat("objection standing on ", name, ": ", Quote(*reading.standing),
                             "; a comment starting \"/unhold\" from a maintainer releases it",
                             remarks),
                std::move(considered));
  }
  if (issue.state == "closed") {
    return Fail(kObjections,
                absl::StrCat(name, " was closed",
                             issue.closed_at ? absl::StrCat(" at ", FormatUtc(*issue.closed_at)) : "",
                             issue.state_reason.empty() ? "" : absl::StrCat(" (", issue.state_reason, ")"),
                             ": reopen it, or call ProposeCandidate again, to let ", tag,
                             " be promoted", remarks),
                std::move(considered));
  }
  absl::Time const ends = issue.created_at + rule.window;
  if (now < ends) {
    return Inconclusive(kObjections,
                        absl::StrCat("proposed ", DescribeDuration(now - issue.created_at),
                                     " ago in ", name, "; the ", DescribeDuration(rule.window),
                                     " objection window ends at ", FormatUtc(ends), remarks),
                        std::move(considered));
  }
  return Pass(kObjections,
              absl::StrCat(name, " opened ", FormatUtc(issue.created_at), ": its ",
                           DescribeDuration(rule.window),
                           " objection window has passed with no standing objection",
                           reading.released.empty()
                               ? ""
                               : absl::StrCat(" (", reading.released.size(), " hold",
                                              reading.released.size() == 1 ? "" : "s",
                                              " released by /unhold)"),
                           remarks),
              std::move(considered));
}

}  // namespace stablecut::verifier
