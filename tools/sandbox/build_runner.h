#pragma once
// Runs dispatched build.yml workflows in the background, as GitHub's runners would: a run
// waits `delay` queued, goes in_progress, runs build_workflow.h's steps and completes with
// success or failure, each step saved in the state. One thread, owned here.

#include <cstdint>
#include <map>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "tools/sandbox/clock.h"
#include "tools/sandbox/state_store.h"

namespace stablecut::sandbox {

class BuildRunner {
 public:
  // A negative `delay` runs nothing: every run stays queued, as when no runner picks it up.
  BuildRunner(StateStore& store, Clock const& clock, absl::Duration delay)
      : store_(store), clock_(clock), delay_(delay) {}
  ~BuildRunner() { Stop(); }
  BuildRunner(BuildRunner const&) = delete;
  BuildRunner& operator=(BuildRunner const&) = delete;

  // Queues every unfinished build.yml run in the state (a restarted sandbox finishes what
  // the last one left), then starts the thread. Call once. Takes the state's lock.
  void Start() ABSL_LOCKS_EXCLUDED(mu_);
  // Runs dispatch `run_id` after the delay. Thread-safe; may be called with the state locked.
  void Enqueue(int64_t run_id) ABSL_LOCKS_EXCLUDED(mu_);
  // Forgets every queued run (their dispatches are gone after a reseed).
  void Clear() ABSL_LOCKS_EXCLUDED(mu_);
  // Wakes and joins the thread; a run in progress finishes first, queued ones stay queued
  // in the state for the next start. Idempotent.
  void Stop() ABSL_LOCKS_EXCLUDED(mu_);

 private:
  void Loop();
  void Run(int64_t run_id);

  StateStore& store_;
  Clock const& clock_;
  absl::Duration const delay_;
  absl::Mutex mu_;
  std::multimap<absl::Time, int64_t> due_ ABSL_GUARDED_BY(mu_);  // real time -> run id
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::thread thread_;
};

}  // namespace stablecut::sandbox
