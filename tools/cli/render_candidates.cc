#include "tools/cli/render_candidates.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "tools/cli/table.h"
#include "tools/cli/units.h"

namespace stablecut::cli {
namespace {

std::string ShortSha(std::string const& sha) { return sha.substr(0, 12); }

std::string PaintState(v1::Candidate::State state, Style const& style) {
  std::string name = StateName(state);
  if (state == v1::Candidate::STATE_STABLE) return style.Green(name);
  if (state == v1::Candidate::STATE_DRAFT) return style.Yellow(name);
  return name;
}

// "key:  value" lines, keys aligned; rows with an empty value are left out.
std::string Fields(std::vector<std::pair<std::string, std::string>> const& fields) {
  Table table({});
  for (auto const& [key, value] : fields) {
    if (!value.empty()) table.AddRow({key + ":", value});
  }
  return table.Render();
}

}  // namespace

std::string StateName(v1::Candidate::State state) {
  switch (state) {
    case v1::Candidate::STATE_DRAFT:
      return "draft";
    case v1::Candidate::STATE_PRE_RELEASE:
      return "pre-release";
    case v1::Candidate::STATE_STABLE:
      return "stable";
    default:
      return "unknown";
  }
}

std::string RenderCandidateList(v1::ListCandidatesResponse const& response, Style const& style) {
  if (response.candidates().empty()) return "No candidates.\n";
  Table table({style.Bold("TAG"), style.Bold("STATE"), style.Bold("COMMIT"),
               style.Bold("CREATED"), style.Bold("ASSETS")});
  for (auto const& candidate : response.candidates()) {
    table.AddRow({candidate.tag(), PaintState(candidate.state(), style),
                  ShortSha(candidate.commit_sha()), FormatTimestamp(candidate.created_at()),
                  absl::StrCat(candidate.assets_size())});
  }
  return table.Render();
}

std::string RenderCandidate(v1::Candidate const& candidate, Style const& style) {
  std::string build;
  if (candidate.has_build()) {
    build = candidate.build().dispatched()
                ? absl::StrCat("dispatched", candidate.build().dispatched_now() ? " now" : "",
                               candidate.build().run_url().empty() ? "" : " ",
                               candidate.build().run_url())
                : "not dispatched";
  }
  std::string out = Fields({
      {"tag", style.Bold(candidate.tag())},
      {"name", candidate.name()},
      {"state", PaintState(candidate.state(), style)},
      {"version", candidate.version()},
      {"commit", candidate.commit_sha()},
      {"created", FormatTimestamp(candidate.created_at())},
      {"published", candidate.has_published_at() ? FormatTimestamp(candidate.published_at()) : ""},
      {"submodule", candidate.pinned_submodule_commit()},
      {"build", build},
      {"url", candidate.html_url()},
  });
  if (!candidate.assets().empty()) {
    Table assets({style.Bold("ASSET"), style.Bold("SIZE"), style.Bold("SHA256")});
    for (auto const& asset : candidate.assets()) {
      assets.AddRow({asset.name(), FormatBytes(asset.size()),
                     asset.sha256().empty() ? "-" : asset.sha256()});
    }
    absl::StrAppend(&out, "\n", assets.Render());
  }
  if (!candidate.skipped_commits().empty()) {
    Table skipped({style.Bold("SKIPPED"), style.Bold("WHY")});
    for (auto const& commit : candidate.skipped_commits()) {
      skipped.AddRow({ShortSha(commit.sha()), commit.reason()});
    }
    absl::StrAppend(&out, "\n", skipped.Render());
  }
  return out;
}

std::string RenderFinalize(v1::FinalizeCandidatesResponse const& response, Style const& style) {
  if (response.finalized().empty() && response.incomplete().empty()) {
    return "No drafts to finalize.\n";
  }
  Table table({style.Bold("TAG"), style.Bold("RESULT")});
  for (auto const& candidate : response.finalized()) {
    table.AddRow({candidate.tag(), style.Green("pre-release")});
  }
  for (auto const& draft : response.incomplete()) {
    table.AddRow({draft.candidate().tag(),
                  style.Yellow(absl::StrCat("still a draft, missing: ",
                                            absl::StrJoin(draft.missing_patterns(), ", ")))});
  }
  return table.Render();
}

std::string RenderProposal(v1::Proposal const& proposal, Style const& style) {
  std::string verdict = proposal.verdict_approved() ? style.Green("approved")
                                                    : style.Red("not approved");
  return absl::StrCat(
      proposal.created() ? "Opened" : "Updated", " proposal #", proposal.issue_number(),
      " for ", style.Bold(proposal.tag()), "\n",
      Fields({{"url", proposal.html_url()},
              {"state", proposal.state()},
              {"proposed", FormatTimestamp(proposal.proposed_at())},
              {"window ends",
               proposal.has_window_ends_at() ? FormatTimestamp(proposal.window_ends_at()) : ""},
              {"verdict", verdict}}));
}

}  // namespace stablecut::cli
