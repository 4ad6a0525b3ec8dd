#include "services/verifier/issue_checks.h"

#include <cctype>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "lib/release/ancestry.h"
#include "lib/release/commit_sha.h"
#include "services/verifier/check.h"

namespace stablecut::verifier {
namespace {

std::string IssueName(github::Issue const& issue) {
  return absl::StrCat("issue #", issue.number, " '", issue.title, "'");
}

}  // namespace

std::string ClosingCommit(std::vector<github::IssueEvent> const& events) {
  github::IssueEvent const* latest = nullptr;
  for (auto const& event : events) {
    if (event.event != "closed") continue;
    if (latest == nullptr || event.created_at >= latest->created_at) latest = &event;
  }
  return latest == nullptr ? "" : latest->commit_id;
}

v1::Check P0RegressionsCheck(std::string const& tag, std::string const& sha,
                             std::vector<std::string> const& labels,
                             std::optional<ReleaseRef> const& stable,
                             absl::StatusOr<std::vector<RegressionIssue>> const& issues) {
  std::string label_text = absl::StrJoin(labels, ", ");
  if (!issues.ok()) {
    return Unreadable(kP0Regressions, absl::StrCat("the issues labelled ", label_text),
                      issues.status());
  }
  std::string since;
  absl::optional<absl::Time> cutoff;
  if (stable && stable->published_at) {
    cutoff = stable->published_at;
    since = absl::StrCat("opened after ", stable->tag, " was promoted");
  } else {
    since = "opened at any time (there is no stable release to compare against)";
  }
  std::string short_sha = release::ShortSha(sha);
  std::vector<std::string> considered;
  std::vector<std::string> blocking;
  std::vector<std::string> unreadable;
  int counted = 0;
  for (auto const& entry : *issues) {
    github::Issue const& issue = entry.issue;
    if (issue.is_pull_request) continue;
    std::string name = IssueName(issue);
    if (cutoff && issue.created_at <= *cutoff) {
      considered.push_back(absl::StrCat(name, " opened ", FormatUtc(issue.created_at), ", before ",
                                        stable->tag, ": not counted"));
      continue;
    }
    ++counted;
    if (issue.state != "closed") {
      considered.push_back(absl::StrCat(name, ": open"));
      blocking.push_back(absl::StrCat(name, " ", since, " is still open"));
      continue;
    }
    if (!entry.closing_commit.ok()) {
      considered.push_back(absl::StrCat(name, ": closed; its events could not be read"));
      unreadable.push_back(UnreadableReason(absl::StrCat("the events of ", name),
                                            entry.closing_commit.status()));
      continue;
    }
    if (entry.closing_commit->empty()) {
      considered.push_back(absl::StrCat(name, ": closed without a commit (", issue.state_reason,
                                        "): does not block"));
      continue;
    }
    std::string fix = release::ShortSha(*entry.closing_commit);
    std::string asked = absl::StrCat("compare ", short_sha, "...", fix);
    if (!entry.candidate_to_closing.ok()) {
      if (entry.candidate_to_closing.status().code() == absl::StatusCode::kNotFound) {
        considered.push_back(absl::StrCat(name, ": closed by ", fix, "; ", asked, ": not found"));
        blocking.push_back(absl::StrCat(name, " ", since, " was closed by ", fix,
                                        ", which shares no history with ", tag));
      } else {
        considered.push_back(absl::StrCat(name, ": closed by ", fix, "; ", asked, " failed"));
        unreadable.push_back(UnreadableReason(asked, entry.candidate_to_closing.status()));
      }
      continue;
    }
    std::string evidence = DescribeComparison(*entry.candidate_to_closing);
    std::string counts = ComparisonCounts(*entry.candidate_to_closing);
    if (release::IsAncestorOrSame(*entry.candidate_to_closing)) {
      considered.push_back(absl::StrCat(name, ": closed by ", fix, ", which ", tag,
                                        " contains (", asked, ": ", counts, ")"));
    } else {
      considered.push_back(absl::StrCat(name, ": closed by ", fix, ", which ", tag,
                                        " lacks (", asked, ": ", counts, ")"));
      blocking.push_back(absl::StrCat(name, " ", since, " was fixed by ", fix, ", which ", tag,
                                      " does not contain (", evidence,
                                      "): promote a later candidate"));
    }
  }
  if (!blocking.empty()) {
    return Fail(kP0Regressions, absl::StrJoin(blocking, "; "), std::move(considered));
  }
  if (!unreadable.empty()) {
    return Inconclusive(kP0Regressions, absl::StrCat(absl::StrJoin(unreadable, "; "), "; try again"),
                        std::move(considered));
  }
  if (counted == 0) {
    return Pass(kP0Regressions,
                absl::StrCat("no issue labelled ", label_text, " was ", since),
                std::move(considered));
  }
  return Pass(kP0Regressions,
              absl::StrCat("none of the ", counted, " issues labelled ", label_text, " ", since,
                           " blocks it: each was fixed by a commit it contains or closed "
                           "without a fix"),
              std::move(considered));
}

bool HoldNames(std::string const& title, std::string const& tag) {
  std::string lower = absl::AsciiStrToLower(title);
  if (absl::StrContains(lower, "all candidates")) return true;
  std::string needle = absl::AsciiStrToLower(tag);
  for (size_t at = lower.find(needle); at != std::string::npos;
       at = lower.find(needle, at + 1)) {
    size_t end = at + needle.size();
    // "candidate-20261126.1" must not match "candidate-20261126.10".
    if (end < lower.size() && std::isdigit(static_cast<unsigned char>(lower[end]))) continue;
    return true;
  }
  return false;
}

v1::Check HoldsCheck(std::string const& tag, std::string const& label,
                     absl::StatusOr<std::vector<github::Issue>> const& open_issues) {
  if (!open_issues.ok()) {
    return Unreadable(kHolds, absl::StrCat("the open issues labelled ", label),
                      open_issues.status());
  }
  std::vector<std::string> considered;
  std::vector<std::string> holding;
  for (auto const& issue : *open_issues) {
    if (issue.is_pull_request || issue.state == "closed") continue;
    bool names = HoldNames(issue.title, tag);
    considered.push_back(absl::StrCat(IssueName(issue), ": ",
                                      names ? "holds this candidate" : "names another candidate"));
    if (names) holding.push_back(IssueName(issue));
  }
  if (!holding.empty()) {
    return Fail(kHolds,
                absl::StrCat(tag, " is held by open ", label, " ",
                             absl::StrJoin(holding, ", "),
                             ": close it (or retitle it) to release the hold"),
                std::move(considered));
  }
  size_t seen = considered.size();  // counted before `considered` is moved from
  return Pass(kHolds,
              absl::StrCat("no open ", label, " issue names ", tag, " or all candidates (", seen,
                           " open ", label, " issue", seen == 1 ? "" : "s", " seen)"),
              std::move(considered));
}

}  // namespace stablecut::verifier
