#pragma once
// The pieces the sandbox's seeds are built from (demo_seed.cc, criterion_seeds.cc): fake
// SHAs, times relative to the sandbox's now, repositories, commits, CI, the LLVM upstream,
// workflows, issues and releases with real wheels.

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "tools/sandbox/state.h"

namespace stablecut::sandbox {

inline constexpr char kLlvmPath[] = "third_party/llvm-project";
inline constexpr char kLlvmUrl[] = "https://github.com/llvm/llvm-project.git";

// The hex SHA-1 of `seed`: a stable, realistic-looking commit SHA.
std::string FakeSha(std::string const& seed);
// `now` minus `hours`, as RFC 3339.
std::string Ago(absl::Time now, double hours);
// YYYYMMDD of `time` (UTC).
std::string Day(absl::Time time);

Repo NewRepo(State& state, std::string owner, std::string name, std::string description,
             absl::Time now);

// Appends a commit on top of `parent` ("" for a root) and returns its SHA.
std::string AddCommit(Repo& repo, std::string const& parent, std::string const& message,
                      double age_hours, absl::Time now);

struct LlvmPins {
  std::vector<std::string> main;  // L0..L6, oldest first
  std::string off_main;           // on a user branch only, not an ancestor of main
};

// Adds llvm/llvm-project: main L0..L6 and a cherry-pick off main.
LlvmPins AddLlvm(State& state, absl::Time now);

// Statuses ci/build and ci/lint success (when `with_statuses`) and check runs
// "build (ubuntu)", "test (ubuntu)" success and "docs" skipped.
void AddGreenCi(State& state, Repo& repo, std::string const& sha, std::string const& at,
                bool with_statuses);
// ci/lint and "test (ubuntu)" failed, the rest success.
void AddRedCi(State& state, Repo& repo, std::string const& sha, std::string const& at);

// build.yml (dispatchable, inputs package_version and release_id) and ci.yml (not).
void AddWorkflows(State& state, Repo& repo);

// Numbers the issue (next in `repo`) and appends it.
void AddIssue(State& state, Repo& repo, Issue issue);
// A "closed" event for issue `number`, by `commit` ("" = by hand), with a "referenced" one
// before it when there is a commit.
void AddClosedEvent(State& state, Repo& repo, int64_t number, std::string const& commit,
                    std::string const& at);

struct CutPlan {
  size_t commit;           // index into c
  double published_hours;  // age of the cut (under 24: kept within today, UTC)
  bool draft = false;
  bool stable = false;
  bool missing_runtime_wheel = false;
};

// "candidate-YYYYMMDD.1" for a cut at `cut`.
std::string TagFor(absl::Time cut);

// The release `plan` describes, of commit c[plan.commit], with wheels of widgets and
// (unless missing_runtime_wheel) widgets-runtime written to blob_path(asset id).
absl::Status AddRelease(State& state, Repo& repo, std::vector<std::string> const& c,
                        CutPlan const& plan, absl::Time now,
                        std::function<std::string(int64_t)> const& blob_path);

}  // namespace stablecut::sandbox
