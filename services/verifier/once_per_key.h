#pragma once
// One fetch per key within one RPC: PickCandidate evaluates candidates one after another,
// and many of them are cut from the same commit (a daily candidate when nothing newer went
// green) and pin the same LLVM commit; their statuses, check runs, compares and submodule
// entry are read once and shared, as one snapshot.

#include <functional>
#include <future>
#include <map>
#include <string>
#include <utility>

#include "absl/synchronization/mutex.h"

namespace stablecut::verifier {

template <typename T>
class OncePerKey {
 public:
  // The value for `key`: `fetch`'s, called by the first caller alone; the others, at the same
  // time or later, wait for it.
  T Get(std::string const& key, std::function<T()> const& fetch) {
    std::promise<T> promise;
    std::shared_future<T> value;
    bool first = false;
    {
      absl::MutexLock lock(&mu_);
      auto it = values_.find(key);
      if (it == values_.end()) {
        value = promise.get_future().share();
        values_.emplace(key, value);
        first = true;
      } else {
        value = it->second;
      }
    }
    if (first) promise.set_value(fetch());
    return value.get();
  }

 private:
  absl::Mutex mu_;
  std::map<std::string, std::shared_future<T>> values_;
};

}  // namespace stablecut::verifier
