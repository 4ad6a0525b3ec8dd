#include "services/candidate/proposal_body.h"

#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"

namespace stablecut::candidate {
namespace {

// GitHub refuses an issue body over 65536 characters: a detail quoting many issues or
// comments is cut, since the verdict itself stays one Verify away.
constexpr std::size_t kMaxCellChars = 1500;

// A table cell: one line, and a '|' that does not end the cell.
std::string Cell(std::string text) {
  if (text.size() > kMaxCellChars) {
    std::size_t cut = kMaxCellChars;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;  // UTF-8
    text = absl::StrCat(text.substr(0, cut), " … (cut; the full detail: VerifierService.Verify)");
  }
  return absl::StrReplaceAll(text, {{"\r", ""}, {"\n", " "}, {"|", "\\|"}});
}

std::string OutcomeName(v1::Check::Outcome outcome) {
  switch (outcome) {
    case v1::Check::OUTCOME_PASS:
      return "✅ PASS";
    case v1::Check::OUTCOME_FAIL:
      return "❌ FAIL";
    case v1::Check::OUTCOME_INCONCLUSIVE:
      return "⚠️ INCONCLUSIVE";
    default:
      return "?";
  }
}

std::string Utc(absl::Time time) {
  return absl::FormatTime("%Y-%m-%d %H:%M UTC", time, absl::UTCTimeZone());
}

absl::Time FromTimestamp(google::protobuf::Timestamp const& timestamp) {
  return absl::FromUnixSeconds(timestamp.seconds()) + absl::Nanoseconds(timestamp.nanos());
}

bool IsPublishable(std::string const& name) {
  return absl::EndsWith(name, ".whl") || absl::EndsWith(name, ".tar.gz");
}

}  // namespace

std::string RenderProposalBody(v1::Verdict const& verdict, std::optional<absl::Time> window_ends) {
  v1::Candidate const& candidate = verdict.candidate();
  std::string body = absl::StrCat(
      "Stablecut proposes to promote **", candidate.tag(), "** (version `", candidate.version(),
      "`) to the project's stable release.\n\n",
      "- Commit: `", candidate.commit_sha(), "`\n",
      candidate.html_url().empty() ? "" : absl::StrCat("- Release: ", candidate.html_url(), "\n"),
      verdict.previous_stable_tag().empty()
          ? "- Previous stable release: none\n"
          : absl::StrCat("- Previous stable release: ", verdict.previous_stable_tag(), "\n"));

  absl::StrAppend(&body, "\n## Verdict: ", verdict.approved() ? "approved" : "not approved",
                  " (evaluated ", Utc(FromTimestamp(verdict.evaluated_at())), ")\n\n",
                  "| check | outcome | detail |\n| --- | --- | --- |\n");
  for (auto const& check : verdict.checks()) {
    absl::StrAppend(&body, "| ", Cell(check.name()), " | ", OutcomeName(check.outcome()), " | ",
                    Cell(check.detail()), " |\n");
  }

  absl::StrAppend(&body, "\n## Assets\n\n");
  std::vector<std::string> publishable;
  if (candidate.assets().empty()) {
    absl::StrAppend(&body, "None.\n");
  } else {
    absl::StrAppend(&body, "| file | bytes | sha256 |\n| --- | --- | --- |\n");
    for (auto const& asset : candidate.assets()) {
      absl::StrAppend(&body, "| ", Cell(asset.name()), " | ", asset.size(), " | `",
                      asset.sha256().empty() ? "none" : asset.sha256(), "` |\n");
      if (IsPublishable(asset.name())) publishable.push_back(asset.name());
    }
  }

  absl::StrAppend(&body, "\n## Planned PyPI files\n\n");
  if (publishable.empty()) absl::StrAppend(&body, "None.\n");
  for (auto const& name : publishable) absl::StrAppend(&body, "- `", name, "`\n");

  absl::StrAppend(&body, "\n## How to object\n\n");
  if (window_ends) {
    absl::StrAppend(&body, "The objection window ends at **", Utc(*window_ends), "**. ");
  } else {
    absl::StrAppend(&body, "No objection window is configured: objections still block. ");
  }
  absl::StrAppend(
      &body,
      "To hold the promotion, comment with a first line starting `/hold` followed by the "
      "reason (a known regression, a fix that should make the cut). A maintainer's later "
      "comment starting `/unhold` releases it. Only comments from the repository's "
      "maintainers (by default owners, members and collaborators) block; everyone's are "
      "shown in the verdict.\n\n",
      "_This issue is written by Stablecut's candidate service; calling ProposeCandidate "
      "again refreshes the verdict above._\n");
  return body;
}

std::string PromotedComment(std::string const& release_url,
                            std::vector<std::string> const& published_files) {
  std::string comment = absl::StrCat("Promoted: ", release_url, "\n");
  if (!published_files.empty()) {
    absl::StrAppend(&comment, "\nPyPI files:\n");
    for (auto const& file : published_files) absl::StrAppend(&comment, "- ", file, "\n");
  }
  return comment;
}

std::string SupersededComment(std::string const& promoted_tag, std::string const& release_url) {
  return absl::StrCat("Not promoted: ", promoted_tag, " was promoted instead (", release_url,
                      "). Closing this proposal.\n");
}

std::string DuplicateComment(int64_t proposal_number, std::string const& proposal_url) {
  return absl::StrCat("Duplicate of #", proposal_number, " (", proposal_url,
                      "), opened at the same moment by another replica of the candidate "
                      "service. Closing this one: object on #", proposal_number,
                      ", since comments here are not read.\n");
}

}  // namespace stablecut::candidate
