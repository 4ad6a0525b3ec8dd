#pragma once
// Background work on a schedule: one object per job, owning its thread.

#include <functional>
#include <string>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace stablecut::schedule {

class ScheduledJob {
 public:
  // `next(after)` gives the next run time after `after` (InfiniteFuture: never again);
  // `work` runs on the job's thread, one run at a time.
  ScheduledJob(std::string name, std::function<absl::Time(absl::Time)> next,
               std::function<void()> work);
  ~ScheduledJob();  // stops and joins
  ScheduledJob(ScheduledJob const&) = delete;
  ScheduledJob& operator=(ScheduledJob const&) = delete;

  void Start();
  // Wakes the thread at once and joins it; a run in progress finishes first.
  void Stop();

  std::string const& name() const { return name_; }
  int runs() const;

 private:
  void Loop();

  std::string name_;
  std::function<absl::Time(absl::Time)> next_;
  std::function<void()> work_;
  mutable absl::Mutex mu_;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  int runs_ ABSL_GUARDED_BY(mu_) = 0;
  std::thread thread_;
};

}  // namespace stablecut::schedule
