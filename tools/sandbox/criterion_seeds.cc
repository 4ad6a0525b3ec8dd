// The per-criterion seeds. The base ("passes-all"), widgets/main oldest first (age; LLVM pin):
//   b0  20d L1
//   b1  16d L2   <- the stable release (published 15d ago, latest)
//   b2  10d L3
//   b3   7d L4   <- the candidate (published 6d ago): the only, so the newest, pre-release
//   b4   2d L4   main's head
// Every commit is green (statuses ci/build, ci/lint; check runs "build (ubuntu)",
// "test (ubuntu)", "docs" skipped); the downstream integrator posted "downstream/integrate"
// success on b3; the candidate has both wheels (widgets, widgets-runtime) with digests,
// unchanged since publication; no issue is open. Under the verifier's default config (min_age
// 96h, labels P0+regression, hold label release-hold, submodule third_party/llvm-project on
// llvm/llvm-project main) and expected assets widgets-*.whl and widgets_runtime-*.whl it
// passes every check. Each "fails-<check>" changes one thing:
//   fails-age                     the candidate was published 1 day ago (b3 is still 7d old)
//   fails-ci                      b3's CI is red: ci/lint and "test (ubuntu)" failed
//   fails-on_default_branch       b3 is on branch "themes" (off b2), b4's parent is b2
//   fails-after_stable            the stable release is of a hotfix on branch "stable-hotfix"
//                                 (off b1), which b3 lacks
//   fails-p0_regressions          issue #1 "Widgets vanish after resizing" (P0, regression),
//                                 opened 3 days ago, is open
//   fails-holds                   issue #1 "Hold <candidate tag>: licence review" is open
//   fails-llvm_upstream           b3 pins the LLVM cherry-pick that is not on llvm main
//   fails-llvm_integrated         the integrator's list (stablecut-demo/integrator's
//                                 llvm-integrated.txt, served raw by the web host) leaves out
//                                 b3's pin; in every other seed it lists it
//   fails-assets                  the widgets-runtime wheel was never uploaded
//   fails-downstream_integration  the integrator's "downstream/integrate" status on b3 is
//                                 failure (only a check when the verifier is configured
//                                 with integration_status_context "downstream/integrate";
//                                 without it, that status is CI's and ci fails too)
// The objection seeds (objection_seeds.cc) are the base plus an open proposal issue for the
// candidate, "Release proposal: <candidate tag>" (label release-proposal), opened by
// stablecut-bot (MEMBER, the write token's user); every check above passes on each. A
// comment objects when its first line starts "/hold"; "/unhold" withdraws:
//   fails-objections              proposal opened 5 days ago; maintainer-mia (MEMBER), 3 days
//                                 ago: "/hold widgets-runtime crashes on import on macOS" (a
//                                 standing objection); drive-by-dan (NONE), 2 days ago:
//                                 "/hold please wait for my PR" (not a member's: not blocking)
//   passes-objections-unheld      proposal opened 5 days ago; maintainer-mia (MEMBER) "/hold
//                                 widgets-runtime crashes on import on macOS" 4 days ago, then
//                                 collab-carl (COLLABORATOR) "/unhold fixed in the wheel
//                                 rebuild" 2 days ago: no objection stands
//   objections-window-running     proposal opened 2 hours ago, no comments (a 48h objection
//                                 window is still running)
#include "tools/sandbox/criterion_seeds.h"

#include <algorithm>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/match.h"
#include "absl/strings/strip.h"
#include "tools/sandbox/demo_seed.h"
#include "tools/sandbox/objection_seeds.h"
#include "tools/sandbox/seed_builder.h"

namespace stablecut::sandbox {
namespace {

constexpr char kPassesAll[] = "passes-all";
constexpr char kFailsPrefix[] = "fails-";

std::string Files(Commit& commit, std::string const& pin) {
  commit.submodules[kLlvmPath] = pin;
  commit.files[".gitmodules"] = absl::StrCat("[submodule \"", kLlvmPath, "\"]\n\tpath = ",
                                             kLlvmPath, "\n\turl = ", kLlvmUrl, "\n");
  commit.files["README.md"] = "# widgets\n\nA per-criterion seed of the Stablecut sandbox.\n";
  commit.files["pyproject.toml"] = "[project]\nname = \"widgets\"\ndynamic = [\"version\"]\n";
  return commit.sha;
}

// stablecut-demo/integrator: the downstream integrator's list of the LLVM commits it has
// integrated, one per line, as the verifier's integrated_commits_url reads it. It lists
// every pin the seeds' candidate may carry (main L4, and the off-main cherry-pick, so that
// fails-llvm_upstream fails that check alone) unless `with_candidate_pin` is false.
void AddIntegrator(State& state, LlvmPins const& llvm, bool with_candidate_pin, absl::Time now) {
  Repo integrator = NewRepo(state, kDemoOwner, "integrator",
                            "The downstream integrator's record of integrated LLVM commits", now);
  std::string list = "# LLVM commits integrated downstream, one per line\n";
  for (int i = 0; i <= 3; ++i) absl::StrAppend(&list, llvm.main[i], "\n");
  if (with_candidate_pin) absl::StrAppend(&list, llvm.main[4], "\n", llvm.off_main, "\n");
  std::string sha = AddCommit(integrator, "", "Record integrated LLVM commits", 24 * 3, now);
  integrator.commits[sha].files[kIntegratedCommitsPath] = list;
  integrator.refs["refs/heads/main"] = sha;
  state.repos.push_back(std::move(integrator));
}

}  // namespace

std::vector<std::string> const& CriterionSeedChecks() {
  static auto const* checks = new std::vector<std::string>{
      "age",   "ci",           "on_default_branch",      "after_stable", "p0_regressions",
      "holds", "llvm_upstream", "llvm_integrated", "downstream_integration", "assets"};
  return *checks;
}

std::vector<std::string> const& CriterionSeedNames() {
  static auto const* names = [] {
    auto* list = new std::vector<std::string>{kPassesAll};
    for (auto const& check : CriterionSeedChecks()) list->push_back(kFailsPrefix + check);
    for (auto const& name : ObjectionSeedNames()) list->push_back(name);
    return list;
  }();
  return *names;
}

bool IsCriterionSeed(std::string const& name) {
  auto const& names = CriterionSeedNames();
  return std::find(names.begin(), names.end(), name) != names.end();
}

absl::StatusOr<State> BuildCriterionState(std::string const& name, absl::Time now,
                                          std::function<std::string(int64_t)> const& blob_path) {
  if (!IsCriterionSeed(name)) {
    return absl::InvalidArgumentError(absl::StrCat("no criterion seed named '", name, "'"));
  }
  // The check the seed fails; "" for passes-all and the objection seeds, whose one change
  // (the proposal) no check above reads.
  std::string fails;
  if (absl::StartsWith(name, kFailsPrefix) && !IsObjectionSeed(name)) {
    fails = std::string(absl::StripPrefix(name, kFailsPrefix));
  }

  State state;
  LlvmPins llvm = AddLlvm(state, now);
  AddIntegrator(state, llvm, /*with_candidate_pin=*/fails != "llvm_integrated", now);
  Repo repo = NewRepo(state, kDemoOwner, kDemoRepo,
                      absl::StrCat("Per-criterion seed ", name, " of the Stablecut sandbox"), now);
  repo.submodule_urls[kLlvmPath] = kLlvmUrl;

  // c = {b0, b1, b2, b3, b4[, hotfix]}
  std::vector<std::string> c;
  auto add = [&](std::string const& parent, char const* message, double age_hours,
                 std::string const& pin) {
    std::string sha = AddCommit(repo, parent, message, age_hours, now);
    c.push_back(Files(repo.commits[sha], pin));
    return sha;
  };
  add("", "Initial widgets", 24 * 20, llvm.main[1]);
  add(c[0], "Add resizable widgets", 24 * 16, llvm.main[2]);
  add(c[1], "Speed up layout", 24 * 10, llvm.main[3]);
  add(c[2], "Add widget themes", 24 * 7,
      fails == "llvm_upstream" ? llvm.off_main : llvm.main[4]);
  // On fails-on_default_branch b3 is a side branch's and main goes on from b2.
  add(fails == "on_default_branch" ? c[2] : c[3], "Document themes", 24 * 2, llvm.main[4]);
  repo.refs["refs/heads/main"] = c[4];
  if (fails == "on_default_branch") repo.refs["refs/heads/themes"] = c[3];
  size_t stable_commit = 1;
  if (fails == "after_stable") {
    add(c[1], "Hotfix: resizing crash (stable branch only)", 24 * 15.5, llvm.main[2]);
    repo.refs["refs/heads/stable-hotfix"] = c[5];
    stable_commit = 5;
  }
  for (size_t i = 0; i < c.size(); ++i) {
    std::string const& ci_at = repo.commits[c[i]].date;
    if (i == 3 && fails == "ci") {
      AddRedCi(state, repo, c[i], ci_at);
    } else {
      AddGreenCi(state, repo, c[i], ci_at, /*with_statuses=*/true);
    }
  }
  bool integrated = fails != "downstream_integration";
  repo.statuses.push_back({state.NextId(), c[3], "downstream/integrate",
                           integrated ? "success" : "failure",
                           integrated ? "integrated with no cherry-picks" : "needed 2 cherry-picks",
                           "https://integrator.example.com/widgets", Ago(now, 24 * 5)});
  AddWorkflows(state, repo);

  double candidate_hours = fails == "age" ? 24 : 24 * 6;
  std::vector<CutPlan> cuts = {
      {stable_commit, 24 * 15, false, true, false},
      {3, candidate_hours, false, false, fails == "assets"},
  };
  for (CutPlan const& plan : cuts) {
    absl::Status added = AddRelease(state, repo, c, plan, now, blob_path);
    if (!added.ok()) return added;
  }
  std::string candidate_tag = repo.releases.back().tag_name;

  if (fails == "p0_regressions") {
    Issue regression;
    regression.title = "Widgets vanish after resizing";
    regression.body = "Resizing a themed widget makes it disappear.";
    regression.labels = {"P0", "regression"};
    regression.created_at = Ago(now, 24 * 3);
    AddIssue(state, repo, regression);
  }
  if (fails == "holds") {
    Issue hold;
    hold.title = absl::StrCat("Hold ", candidate_tag, ": licence review");
    hold.body = absl::StrCat("Do not promote ", candidate_tag, " until the licence review is done.");
    hold.labels = {"release-hold"};
    hold.created_at = Ago(now, 24 * 3);
    AddIssue(state, repo, hold);
  }
  AddObjectionStory(name, candidate_tag, now, state, repo);
  state.repos.push_back(std::move(repo));
  return state;
}

}  // namespace stablecut::sandbox
