#pragma once
// What the http::Client tests share: a sleeper that records instead of waiting, and requests.

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "lib/http/client.h"

namespace stablecut::http {

inline constexpr char kToken[] = "ghp_FAKE0123456789abcdefTOKENvalue";

// Records the waits the client asked for instead of waiting.
struct RecordingSleeper {
  std::vector<absl::Duration> delays;
  std::function<void(absl::Duration)> AsFunction() {
    return [this](absl::Duration d) { delays.push_back(d); };
  }
};

inline ClientOptions FastOptions(RecordingSleeper& sleeper) {
  ClientOptions options;
  options.sleeper = sleeper.AsFunction();
  options.backoff_initial = absl::Milliseconds(100);
  return options;
}

inline Request Get(int port, std::string const& path) {
  Request request;
  request.url = absl::StrCat("http://127.0.0.1:", port, path);
  request.service = "GitHub";
  request.operation = "GET test";
  return request;
}

// A POST carrying the credential, as lib/github sends a write.
inline Request Post(int port, std::string const& path) {
  Request request = Get(port, path);
  request.method = "POST";
  request.operation = "POST create";
  request.body = "{\"tag_name\":\"v1\"}";
  request.idempotent = false;
  request.auth_scheme = "Bearer";
  request.credential = Secret(kToken);
  return request;
}

// A cancellation flag the test flips from any thread; the context polls it.
class Canceller {
 public:
  CallContext Context(absl::Time deadline = absl::InfiniteFuture()) const {
    auto flag = flag_;
    return CallContext::FromDeadline(deadline, [flag] { return flag->load(); });
  }
  void Cancel() { flag_->store(true); }

 private:
  std::shared_ptr<std::atomic<bool>> flag_ = std::make_shared<std::atomic<bool>>(false);
};

// A flag one thread raises and another waits for, with a time limit.
class Flag {
 public:
  void Raise() {
    absl::MutexLock lock(&mu_);
    raised_ = true;
  }
  bool WaitFor(absl::Duration timeout) {
    absl::MutexLock lock(&mu_);
    return mu_.AwaitWithTimeout(absl::Condition(&raised_), timeout);
  }

 private:
  absl::Mutex mu_;
  bool raised_ ABSL_GUARDED_BY(mu_) = false;
};

}  // namespace stablecut::http
