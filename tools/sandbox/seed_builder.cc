// The shared pieces of the sandbox's seeds (moved unchanged from demo_seed.cc).
#include "tools/sandbox/seed_builder.h"

#include <openssl/sha.h>

#include <algorithm>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "tools/sandbox/clock.h"
#include "tools/sandbox/wheel_asset.h"

namespace stablecut::sandbox {

std::string FakeSha(std::string const& seed) {
  unsigned char digest[SHA_DIGEST_LENGTH];
  SHA1(reinterpret_cast<unsigned char const*>(seed.data()), seed.size(), digest);
  return absl::BytesToHexString(
      absl::string_view(reinterpret_cast<char const*>(digest), SHA_DIGEST_LENGTH));
}

std::string Ago(absl::Time now, double hours) {
  return FormatRfc3339(now - absl::Seconds(static_cast<int64_t>(hours * 3600)));
}

std::string Day(absl::Time time) { return absl::FormatTime("%Y%m%d", time, absl::UTCTimeZone()); }

Repo NewRepo(State& state, std::string owner, std::string name, std::string description,
             absl::Time now) {
  Repo repo;
  repo.id = state.NextId();
  repo.owner = std::move(owner);
  repo.name = std::move(name);
  repo.description = std::move(description);
  repo.created_at = Ago(now, 24 * 400);
  return repo;
}

std::string AddCommit(Repo& repo, std::string const& parent, std::string const& message,
                      double age_hours, absl::Time now) {
  Commit commit;
  commit.sha = FakeSha(absl::StrCat(repo.FullName(), "\n", parent, "\n", message));
  commit.message = message;
  commit.date = Ago(now, age_hours);
  if (!parent.empty()) commit.parents.push_back(parent);
  std::string sha = commit.sha;
  repo.commits[sha] = std::move(commit);
  return sha;
}


LlvmPins AddLlvm(State& state, absl::Time now) {
  Repo llvm = NewRepo(state, "llvm", "llvm-project",
                      "The LLVM Project is a collection of modular and reusable compiler and "
                      "toolchain technologies.",
                      now);
  LlvmPins pins;
  std::string parent;
  for (int i = 0; i <= 6; ++i) {
    parent = AddCommit(llvm, parent, absl::StrCat("[sandbox] llvm main commit ", i),
                       24.0 * (30 - 4 * i), now);
    pins.main.push_back(parent);
  }
  llvm.refs["refs/heads/main"] = parent;
  // A commit reachable through the upstream repository's objects but not from main: what a
  // cherry-pick on a fork looks like (docs/reference/github.md §7, fork networks).
  pins.off_main =
      AddCommit(llvm, pins.main[2], "[sandbox] cherry-pick not upstream", 24.0 * 19, now);
  llvm.refs["refs/heads/users/sandbox/cherry-pick"] = pins.off_main;
  state.repos.push_back(std::move(llvm));
  return pins;
}

void AddGreenCi(State& state, Repo& repo, std::string const& sha, std::string const& at,
                bool with_statuses) {
  if (with_statuses) {
    for (char const* context : {"ci/build", "ci/lint"}) {
      repo.statuses.push_back({state.NextId(), sha, context, "success", "Build passed",
                               "https://ci.example.com/widgets", at});
    }
  }
  int64_t suite = state.NextId();
  repo.check_runs.push_back(
      {state.NextId(), suite, sha, "build (ubuntu)", "completed", "success", at, at});
  repo.check_runs.push_back(
      {state.NextId(), suite, sha, "test (ubuntu)", "completed", "success", at, at});
  repo.check_runs.push_back({state.NextId(), suite, sha, "docs", "completed", "skipped", at, at});
}

void AddRedCi(State& state, Repo& repo, std::string const& sha, std::string const& at) {
  repo.statuses.push_back({state.NextId(), sha, "ci/build", "success", "Build passed",
                           "https://ci.example.com/widgets", at});
  repo.statuses.push_back({state.NextId(), sha, "ci/lint", "failure", "Lint failed",
                           "https://ci.example.com/widgets", at});
  int64_t suite = state.NextId();
  repo.check_runs.push_back(
      {state.NextId(), suite, sha, "build (ubuntu)", "completed", "success", at, at});
  repo.check_runs.push_back(
      {state.NextId(), suite, sha, "test (ubuntu)", "completed", "failure", at, at});
}

void AddWorkflows(State& state, Repo& repo) {
  repo.workflows.push_back({state.NextId(),
                            ".github/workflows/build.yml",
                            "Build wheels",
                            true,
                            {"package_version", "release_id"}});
  repo.workflows.push_back({state.NextId(), ".github/workflows/ci.yml", "CI", false, {}});
}

void AddIssue(State& state, Repo& repo, Issue issue) {
  issue.id = state.NextId();
  issue.number = static_cast<int64_t>(repo.issues.size()) + 1;
  issue.updated_at = issue.closed_at.empty() ? issue.created_at : issue.closed_at;
  repo.issues.push_back(std::move(issue));
}

void AddClosedEvent(State& state, Repo& repo, int64_t number, std::string const& commit,
                    std::string const& at) {
  if (!commit.empty()) {
    repo.issue_events.push_back({state.NextId(), number, "referenced", commit, at});
  }
  repo.issue_events.push_back({state.NextId(), number, "closed", commit, at});
}


std::string TagFor(absl::Time cut) { return absl::StrCat("candidate-", Day(cut), ".1"); }

absl::Status AddRelease(State& state, Repo& repo, std::vector<std::string> const& c,
                        CutPlan const& plan, absl::Time now,
                        std::function<std::string(int64_t)> const& blob_path) {
  absl::Time cut = now - absl::Seconds(static_cast<int64_t>(plan.published_hours * 3600));
  // A cut of less than a day ago is today's candidate at any hour: just after midnight UTC,
  // "2 hours ago" would be yesterday, the day of the 24-hour-old cut, and two releases
  // would share its tag.
  if (plan.published_hours < 24) {
    absl::Time const midnight = absl::FromCivil(
        absl::CivilSecond(absl::ToCivilDay(now, absl::UTCTimeZone())), absl::UTCTimeZone());
    cut = std::max(cut, midnight);
  }
  Release release;
  release.id = state.NextId();
  release.tag_name = TagFor(cut);
  release.target_commitish = c[plan.commit];
  release.name = plan.stable ? absl::StrCat("widgets ", Day(cut), ".1")
                             : absl::StrCat("widgets candidate ", Day(cut), ".1");
  release.body = absl::StrCat("Automated candidate from ", c[plan.commit].substr(0, 12), ".");
  release.draft = plan.draft;
  release.prerelease = !plan.stable;
  release.created_at = repo.commits[c[plan.commit]].date;
  release.updated_at = FormatRfc3339(cut);
  if (!plan.draft) {
    release.published_at = FormatRfc3339(cut);
    repo.refs["refs/tags/" + release.tag_name] = c[plan.commit];
  }
  // The version the candidate service dispatches its build with: the tag's, "YYYYMMDD.N".
  std::string version = absl::StrCat(Day(cut), ".1");
  std::vector<std::string> distributions = CandidateDistributions();
  if (plan.missing_runtime_wheel) distributions.pop_back();  // widgets-runtime is last
  for (std::string const& distribution : distributions) {
    int64_t id = state.NextId();
    auto asset = WriteWheelAsset(id, blob_path(id), distribution, version, FormatRfc3339(cut));
    if (!asset.ok()) return asset.status();
    release.assets.push_back(*std::move(asset));
  }
  if (plan.stable) repo.latest_release_id = release.id;
  repo.releases.push_back(std::move(release));
  return absl::OkStatus();
}

}  // namespace stablecut::sandbox
