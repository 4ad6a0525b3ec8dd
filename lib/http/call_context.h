#pragma once
// The caller's deadline and cancellation, carried by every outbound call so that work stops
// once nobody waits for its answer.

#include <functional>
#include <memory>

#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace stablecut::http {

// A value: copying one is cheap (a time and a shared pointer) and copies share the
// cancellation check. Safe to query from any thread, provided the check itself is.
// lib/http knows nothing of gRPC: the edge builds one from ServerContext::deadline() and
// [context] { return context->IsCancelled(); }.
class CallContext {
 public:
  // How often a wait looks at the cancellation check: a check can only be polled.
  static constexpr absl::Duration kPollInterval = absl::Milliseconds(50);

  // No deadline, never cancelled: work that no caller waits on (start-up, tools).
  CallContext() = default;
  static CallContext Background() { return CallContext(); }

  // `deadline`: absl::InfiniteFuture() for none. `cancelled` is polled, from libcurl's
  // progress callback among other places, so it must be cheap and thread-safe; null means
  // never cancelled.
  static CallContext FromDeadline(absl::Time deadline, std::function<bool()> cancelled = nullptr);

  // This context with deadline `now + timeout` when it has none: a service's configured
  // default applies only when the caller set no deadline; a caller's deadline always wins.
  CallContext WithDefaultDeadline(absl::Duration timeout, absl::Time now = absl::Now()) const;

  absl::Time deadline() const { return deadline_; }
  bool has_deadline() const { return deadline_ != absl::InfiniteFuture(); }
  bool Expired(absl::Time now) const { return now >= deadline_; }
  // Time left at `now`: absl::InfiniteDuration() without a deadline, zero once it passed.
  absl::Duration Remaining(absl::Time now) const;

  bool Cancelled() const;

  // Sleeps for `duration`, waking within kPollInterval of cancellation. Returns false when
  // cancelled (before or during the wait), true when the whole wait elapsed.
  bool WaitFor(absl::Duration duration) const;

 private:
  absl::Time deadline_ = absl::InfiniteFuture();
  std::shared_ptr<std::function<bool()> const> cancelled_;  // null: never cancelled
};

}  // namespace stablecut::http
