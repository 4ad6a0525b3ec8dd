// The demo seed, one function per part of the story.
//
// widgets/main, oldest first (age; LLVM pin; CI):
//   c0  20d L1 green
//   c1  16d L2 green         <- stable release (published 15d ago, latest)
//   c2  12d L3 green         <- candidate 10d old: blocked by P0 #2 (fixed later, in c3)
//   c3  10d L3 green         fixes #2
//   c4   9d X  green         <- candidate 8d old: X is not on llvm main
//   c5   7d L4 green         <- candidate 6d old: held by #6
//   c6   6d L4 green         <- candidate 5d old: passes every criterion
//   c7   4d L5 green (check runs only: no statuses) <- candidate 3d old: too young
//   c8   2d L5 green         <- candidate 1d old: too young
//   c9   1d L5 green         <- draft candidate, 2h old, missing its runtime wheel
//   c10 12h L5 pending
//   c11  6h L5 red
#include "tools/sandbox/demo_seed.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "tools/sandbox/clock.h"
#include "tools/sandbox/seed_builder.h"

namespace stablecut::sandbox {
namespace {

void AddPendingCi(State& state, Repo& repo, std::string const& sha, std::string const& at) {
  repo.statuses.push_back({state.NextId(), sha, "ci/build", "success", "Build passed",
                           "https://ci.example.com/widgets", at});
  repo.statuses.push_back({state.NextId(), sha, "ci/lint", "pending", "Lint is running",
                           "https://ci.example.com/widgets", at});
  int64_t suite = state.NextId();
  repo.check_runs.push_back(
      {state.NextId(), suite, sha, "build (ubuntu)", "completed", "success", at, at});
  repo.check_runs.push_back(
      {state.NextId(), suite, sha, "test (ubuntu)", "in_progress", "", at, ""});
}

// Builds widgets' history; returns the SHAs of c0..c11 (main's first-parent line below the
// merge of pull request #7, which is main's head).
std::vector<std::string> AddWidgetsHistory(State& state, Repo& repo, LlvmPins const& llvm,
                                           absl::Time now) {
  struct Step {
    double age_hours;
    std::string pin;
    char const* message;
  };
  std::vector<Step> steps = {
      {24 * 20, llvm.main[1], "Initial widgets"},
      {24 * 16, llvm.main[2], "Add resizable widgets"},
      {24 * 12, llvm.main[3], "Speed up layout"},
      {24 * 10, llvm.main[3], "Fix crash when resizing widgets (fixes #2)"},
      {24 * 9, llvm.off_main, "Bump LLVM to a cherry-picked commit"},
      {24 * 7, llvm.main[4], "Bump LLVM back onto upstream main"},
      {24 * 6, llvm.main[4], "Add widget themes"},
      {24 * 4, llvm.main[5], "Bump LLVM"},
      {24 * 2, llvm.main[5], "Document themes"},
      {24 * 1, llvm.main[5], "Tidy the build"},
      {12, llvm.main[5], "Start the dark theme"},
      {6, llvm.main[5], "Dark theme, work in progress"},
  };
  repo.submodule_urls[kLlvmPath] = kLlvmUrl;
  std::vector<std::string> shas;
  std::string parent;
  for (size_t i = 0; i < steps.size(); ++i) {
    parent = AddCommit(repo, parent, steps[i].message, steps[i].age_hours, now);
    Commit& commit = repo.commits[parent];
    commit.submodules[kLlvmPath] = steps[i].pin;
    commit.files[".gitmodules"] = absl::StrCat(
        "[submodule \"", kLlvmPath, "\"]\n\tpath = ", kLlvmPath, "\n\turl = ", kLlvmUrl, "\n");
    commit.files["README.md"] = "# widgets\n\nThe demo project of the Stablecut sandbox.\n";
    commit.files["pyproject.toml"] = "[project]\nname = \"widgets\"\ndynamic = [\"version\"]\n";
    std::string ci_at = Ago(now, steps[i].age_hours - 0.5);
    if (i == 11) {
      AddRedCi(state, repo, parent, ci_at);
    } else if (i == 10) {
      AddPendingCi(state, repo, parent, ci_at);
    } else {
      // c7 is built by GitHub Actions only: no commit statuses at all (§8).
      AddGreenCi(state, repo, parent, ci_at, /*with_statuses=*/i != 7);
    }
    shas.push_back(parent);
  }
  // A pull request merged with a merge commit: the pull request's own last commit is green
  // and newer by date than c11, the merge is red. GitHub's commit list shows both (git log
  // order); only the merge is on main's first-parent line, and a candidate must never be the
  // pull request's commit: main never had that tree, and its CI ran on the pull request.
  std::string pull = AddCommit(repo, shas[10], "Dark theme: contrast fixes (pull request #7)",
                               3, now);
  std::string merge = AddCommit(repo, parent, "Merge pull request #7 from dark-theme", 2, now);
  repo.commits[merge].parents.push_back(pull);
  for (std::string const& sha : {pull, merge}) {
    Commit& commit = repo.commits[sha];
    commit.submodules = repo.commits[shas[11]].submodules;
    commit.files = repo.commits[shas[11]].files;
  }
  AddGreenCi(state, repo, pull, Ago(now, 2.5), /*with_statuses=*/true);
  AddRedCi(state, repo, merge, Ago(now, 1.5));
  repo.refs["refs/heads/main"] = merge;
  return shas;
}

// `held_tag` is the candidate the release-hold issue names.
void AddIssues(State& state, Repo& repo, std::vector<std::string> const& c, absl::Time now,
               std::string const& held_tag) {
  Issue old_regression;
  old_regression.title = "Widgets render upside down";
  old_regression.labels = {"P0", "regression"};
  old_regression.state = "closed";
  old_regression.state_reason = "completed";
  old_regression.created_at = Ago(now, 24 * 19);
  old_regression.closed_at = repo.commits[c[1]].date;
  AddIssue(state, repo, old_regression);  // #1, before the stable release
  AddClosedEvent(state, repo, 1, c[1], old_regression.closed_at);

  Issue crash;
  crash.title = "Crash when resizing widgets";
  crash.body = "Resizing any widget crashes since the last stable release.";
  crash.labels = {"P0", "regression"};
  crash.state = "closed";
  crash.state_reason = "completed";
  crash.created_at = Ago(now, 24 * 14);
  crash.closed_at = repo.commits[c[3]].date;
  AddIssue(state, repo, crash);  // #2, closed by c3
  AddClosedEvent(state, repo, 2, c[3], crash.closed_at);

  Issue fix;
  fix.title = "Fix crash when resizing widgets";
  fix.body = "Fixes #2.";
  fix.labels = {"P0", "regression"};
  fix.pull_request = true;
  fix.state = "closed";
  fix.created_at = Ago(now, 24 * 10.5);
  fix.closed_at = repo.commits[c[3]].date;
  AddIssue(state, repo, fix);  // #3, the pull request (listed among issues)
  repo.issue_events.push_back({state.NextId(), 3, "merged", c[3], fix.closed_at});
  repo.issue_events.push_back({state.NextId(), 3, "closed", "", fix.closed_at});

  Issue wontfix;
  wontfix.title = "Default colour changed";
  wontfix.labels = {"P0", "regression"};
  wontfix.state = "closed";
  wontfix.state_reason = "not_planned";
  wontfix.created_at = Ago(now, 24 * 8);
  wontfix.closed_at = Ago(now, 24 * 6.5);
  AddIssue(state, repo, wontfix);  // #4, closed by hand: no commit
  AddClosedEvent(state, repo, 4, "", wontfix.closed_at);

  Issue open_bug;
  open_bug.title = "Widgets flicker on the dark theme";
  open_bug.labels = {"bug", "P2"};
  open_bug.created_at = Ago(now, 24 * 5);
  AddIssue(state, repo, open_bug);  // #5

  Issue hold;
  hold.title = absl::StrCat("Hold ", held_tag, ": licence review");
  hold.body = absl::StrCat("Do not promote ", held_tag, " until the licence review is done.");
  hold.labels = {"release-hold"};
  hold.created_at = Ago(now, 24 * 3);
  AddIssue(state, repo, hold);  // #6
}

}  // namespace

absl::StatusOr<State> BuildDemoState(absl::Time now,
                                     std::function<std::string(int64_t)> const& blob_path) {
  State state;
  LlvmPins llvm = AddLlvm(state, now);
  Repo widgets = NewRepo(state, kDemoOwner, kDemoRepo, "Demo project released by Stablecut", now);
  std::vector<std::string> c = AddWidgetsHistory(state, widgets, llvm, now);
  AddWorkflows(state, widgets);
  std::vector<CutPlan> cuts = {
      {1, 24 * 15, false, true, false},  // the previous stable release
      {2, 24 * 10},
      {4, 24 * 8},
      {5, 24 * 6},
      {6, 24 * 5},
      {7, 24 * 3},
      {8, 24 * 1},
      {9, 2, true, false, true},  // draft, runtime wheel not uploaded yet
  };
  for (CutPlan const& plan : cuts) {
    absl::Status added = AddRelease(state, widgets, c, plan, now, blob_path);
    if (!added.ok()) return added;
  }
  AddIssues(state, widgets, c, now, TagFor(now - absl::Hours(24 * 6)));
  state.repos.push_back(std::move(widgets));
  return state;
}

}  // namespace stablecut::sandbox
