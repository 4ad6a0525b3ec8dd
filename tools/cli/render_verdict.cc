#include "tools/cli/render_verdict.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "tools/cli/render_candidates.h"
#include "tools/cli/table.h"

namespace stablecut::cli {
namespace {

// A verdict from a verifier older than `outcome` has `passed` alone.
v1::Check::Outcome OutcomeOf(v1::Check const& check) {
  if (check.outcome() != v1::Check::OUTCOME_UNSPECIFIED) return check.outcome();
  return check.passed() ? v1::Check::OUTCOME_PASS : v1::Check::OUTCOME_FAIL;
}

}  // namespace

std::string Mark(v1::Check const& check, Style const& style) {
  switch (OutcomeOf(check)) {
    case v1::Check::OUTCOME_PASS:
      return style.Green("✓");
    case v1::Check::OUTCOME_INCONCLUSIVE:
      return style.Yellow("?");
    default:
      return style.Red("✗");
  }
}

std::string NotPassed(v1::Verdict const& verdict) {
  std::vector<std::string> names;
  for (auto const& check : verdict.checks()) {
    auto outcome = OutcomeOf(check);
    if (outcome == v1::Check::OUTCOME_PASS) continue;
    names.push_back(absl::StrCat(
        check.name(), outcome == v1::Check::OUTCOME_INCONCLUSIVE ? " INCONCLUSIVE" : " FAIL"));
  }
  return absl::StrJoin(names, ", ");
}

std::string RenderVerdict(v1::Verdict const& verdict, Style const& style) {
  auto const& candidate = verdict.candidate();
  std::string out = absl::StrCat(
      style.Bold(candidate.tag()), " (", StateName(candidate.state()), ", commit ",
      candidate.commit_sha().substr(0, 12), ")",
      verdict.previous_stable_tag().empty()
          ? ""
          : absl::StrCat(", previous stable ", verdict.previous_stable_tag()),
      ": ", verdict.approved() ? style.Green("approved") : style.Red("not approved"), "\n");
  Table table({"", style.Bold("CHECK"), style.Bold("DETAIL")});
  for (auto const& check : verdict.checks()) {
    table.AddRow({Mark(check, style), check.name(), check.detail()});
  }
  absl::StrAppend(&out, table.Render());
  return out;
}

std::string RenderPick(v1::PickCandidateResponse const& response, Style const& style) {
  std::string out = absl::StrCat("Picked ", RenderVerdict(response.verdict(), style));
  if (!response.rejected().empty()) {
    Table table({style.Bold("NEWER"), style.Bold("NOT PASSED")});
    for (auto const& verdict : response.rejected()) {
      table.AddRow({verdict.candidate().tag(), NotPassed(verdict)});
    }
    absl::StrAppend(&out, "\n", table.Render());
  }
  return out;
}

}  // namespace stablecut::cli
