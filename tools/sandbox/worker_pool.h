#pragma once
// The sandbox's httplib task queue: a worker per connection, grown on demand. httplib serves
// each connection on one thread for as long as the client keeps it alive, so a fixed pool
// lets idle kept-alive connections starve new ones (they wait in the queue until an idle
// connection times out). This pool starts a thread whenever a connection arrives and no
// worker is free, up to `max_workers` (Debian's httplib waits on sockets with select(), so
// descriptors must stay below FD_SETSIZE = 1024); a worker idle for `idle_exit` ends.

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

#include <httplib.h>

#include "absl/time/time.h"

namespace stablecut::sandbox {

class WorkerPool : public httplib::TaskQueue {
 public:
  explicit WorkerPool(std::size_t max_workers = 512,
                      absl::Duration idle_exit = absl::Seconds(30));
  ~WorkerPool() override;

  // Runs `job` on a free worker, a new one when none is free, or (at max_workers) the next
  // worker to become free.
  void enqueue(std::function<void()> job) override;
  // Runs the queued jobs, then joins every worker.
  void shutdown() override;

  // Workers alive now, and the most ever alive at once (for tests).
  std::size_t workers() const;
  std::size_t peak_workers() const;

 private:
  void Work();
  void StartWorkerLocked();
  // Joins workers that have ended (outside the lock).
  void ReapFinished();

  std::size_t const max_workers_;
  absl::Duration const idle_exit_;
  mutable std::mutex mu_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> jobs_;
  std::size_t idle_ = 0;  // workers waiting for a job
  std::size_t peak_ = 0;
  bool stopping_ = false;
  std::map<std::thread::id, std::thread> running_;
  std::vector<std::thread> finished_;  // ended, not yet joined
};

}  // namespace stablecut::sandbox
