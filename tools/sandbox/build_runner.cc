// The background runner of build.yml dispatches.
#include "tools/sandbox/build_runner.h"

#include <cstdio>
#include <string>

#include "tools/sandbox/build_workflow.h"

namespace stablecut::sandbox {
namespace {

Dispatch* FindRun(State& state, int64_t run_id) {
  for (Dispatch& dispatch : state.dispatches) {
    if (dispatch.workflow_run_id == run_id) return &dispatch;
  }
  return nullptr;
}

void LogIfNotSaved(absl::Status const& saved) {
  if (saved.ok()) return;
  std::fprintf(stderr, "stablecut-sandbox: cannot save the state: %s\n", saved.ToString().c_str());
}

}  // namespace

void BuildRunner::Start() {
  if (delay_ < absl::ZeroDuration()) return;
  {
    absl::MutexLock lock(&store_.mu());
    for (Dispatch const& dispatch : store_.state().dispatches) {
      if (dispatch.workflow == kBuildWorkflowPath && dispatch.status != "completed") {
        Enqueue(dispatch.workflow_run_id);
      }
    }
  }
  thread_ = std::thread([this] { Loop(); });
}

void BuildRunner::Enqueue(int64_t run_id) {
  if (delay_ < absl::ZeroDuration()) return;
  absl::MutexLock lock(&mu_);
  due_.emplace(absl::Now() + delay_, run_id);
}

void BuildRunner::Clear() {
  absl::MutexLock lock(&mu_);
  due_.clear();
}

void BuildRunner::Stop() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  if (thread_.joinable()) thread_.join();
}

void BuildRunner::Loop() {
  for (;;) {
    int64_t run_id = 0;
    {
      absl::MutexLock lock(&mu_);
      for (;;) {
        if (stopping_) return;
        if (!due_.empty() && due_.begin()->first <= absl::Now()) break;
        absl::Time wake = due_.empty() ? absl::InfiniteFuture() : due_.begin()->first;
        // Wakes on Stop(), on a run due before `wake`, or at `wake`.
        auto changed = [this, wake]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
          return stopping_ || (!due_.empty() && due_.begin()->first < wake);
        };
        mu_.AwaitWithDeadline(absl::Condition(&changed), wake);
      }
      run_id = due_.begin()->second;
      due_.erase(due_.begin());
    }
    Run(run_id);
  }
}

void BuildRunner::Run(int64_t run_id) {
  {
    absl::MutexLock lock(&store_.mu());
    Dispatch* run = FindRun(store_.state(), run_id);
    // Not a build, or already finished (a reseed may reuse an id).
    if (run == nullptr || run->workflow != kBuildWorkflowPath || run->status == "completed") {
      return;
    }
    run->status = "in_progress";
    run->run_started_at = run->updated_at = FormatRfc3339(clock_.Now());
    // Saved before the build, so that a sandbox stopped mid-build shows the run in progress
    // and the next start runs it again.
    LogIfNotSaved(store_.Save());
  }
  absl::MutexLock lock(&store_.mu());
  State& state = store_.state();
  Dispatch* run = FindRun(state, run_id);
  if (run == nullptr || run->status != "in_progress") return;  // reseeded meanwhile
  std::string now = FormatRfc3339(clock_.Now());
  absl::Status built =
      RunBuildWorkflow(state, *run, now, [this](int64_t id) { return store_.BlobPath(id); });
  run->status = "completed";
  run->conclusion = built.ok() ? "success" : "failure";
  run->failure_reason = std::string(built.message());
  run->updated_at = now;
  LogIfNotSaved(store_.Save());
  std::fprintf(stderr, "stablecut-sandbox: build run_id=%lld ref=%s conclusion=%s%s%s\n",
               static_cast<long long>(run_id), run->ref.c_str(), run->conclusion.c_str(),
               built.ok() ? "" : " reason=", run->failure_reason.c_str());
}

}  // namespace stablecut::sandbox
