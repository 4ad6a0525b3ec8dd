// A task queue for httplib that grows a worker per concurrent connection.
#include "tools/sandbox/worker_pool.h"

#include <utility>

namespace stablecut::sandbox {

WorkerPool::WorkerPool(std::size_t max_workers, absl::Duration idle_exit)
    : max_workers_(max_workers == 0 ? 1 : max_workers), idle_exit_(idle_exit) {}

WorkerPool::~WorkerPool() { shutdown(); }

void WorkerPool::enqueue(std::function<void()> job) {
  ReapFinished();
  std::lock_guard<std::mutex> lock(mu_);
  jobs_.push_back(std::move(job));
  // Each idle worker takes one queued job; start one more for every job beyond them.
  if (jobs_.size() > idle_ && running_.size() < max_workers_) StartWorkerLocked();
  wake_.notify_one();
}

void WorkerPool::StartWorkerLocked() {
  std::thread worker([this] { Work(); });
  std::thread::id id = worker.get_id();
  running_.emplace(id, std::move(worker));
  if (running_.size() > peak_) peak_ = running_.size();
}

void WorkerPool::Work() {
  std::unique_lock<std::mutex> lock(mu_);
  auto const idle_exit = absl::ToChronoMilliseconds(idle_exit_);
  for (;;) {
    if (!jobs_.empty()) {
      std::function<void()> job = std::move(jobs_.front());
      jobs_.pop_front();
      lock.unlock();
      job();
      lock.lock();
      continue;
    }
    if (stopping_) break;
    ++idle_;
    bool woken = wake_.wait_for(lock, idle_exit, [this] { return stopping_ || !jobs_.empty(); });
    --idle_;
    if (!woken) break;  // idle too long
  }
  // Hand this thread to whoever joins next; it only returns from here on.
  auto self = running_.find(std::this_thread::get_id());
  if (self != running_.end()) {
    finished_.push_back(std::move(self->second));
    running_.erase(self);
  }
  wake_.notify_all();  // shutdown() waits for running_ to empty
}

void WorkerPool::ReapFinished() {
  std::vector<std::thread> finished;
  {
    std::lock_guard<std::mutex> lock(mu_);
    finished.swap(finished_);
  }
  for (auto& thread : finished) thread.join();
}

void WorkerPool::shutdown() {
  {
    std::unique_lock<std::mutex> lock(mu_);
    stopping_ = true;
    wake_.notify_all();
    // Queued jobs still run (httplib closes their sockets); every worker then ends.
    wake_.wait(lock, [this] { return running_.empty(); });
  }
  ReapFinished();
}

std::size_t WorkerPool::workers() const {
  std::lock_guard<std::mutex> lock(mu_);
  return running_.size();
}

std::size_t WorkerPool::peak_workers() const {
  std::lock_guard<std::mutex> lock(mu_);
  return peak_;
}

}  // namespace stablecut::sandbox
