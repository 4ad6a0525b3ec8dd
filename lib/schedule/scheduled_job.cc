#include "lib/schedule/scheduled_job.h"

#include <utility>

#include "absl/time/clock.h"

namespace stablecut::schedule {

ScheduledJob::ScheduledJob(std::string name, std::function<absl::Time(absl::Time)> next,
                           std::function<void()> work)
    : name_(std::move(name)), next_(std::move(next)), work_(std::move(work)) {}

ScheduledJob::~ScheduledJob() { Stop(); }

void ScheduledJob::Start() {
  if (thread_.joinable()) return;
  thread_ = std::thread([this] { Loop(); });
}

void ScheduledJob::Stop() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  if (thread_.joinable()) thread_.join();
}

int ScheduledJob::runs() const {
  absl::MutexLock lock(&mu_);
  return runs_;
}

void ScheduledJob::Loop() {
  absl::Time at = next_(absl::Now());
  while (true) {
    {
      absl::MutexLock lock(&mu_);
      auto stopping = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return stopping_; };
      mu_.AwaitWithDeadline(absl::Condition(&stopping), at);
      if (stopping_ || at == absl::InfiniteFuture()) return;
    }
    work_();
    {
      absl::MutexLock lock(&mu_);
      ++runs_;
    }
    at = next_(absl::Now());
  }
}

}  // namespace stablecut::schedule
