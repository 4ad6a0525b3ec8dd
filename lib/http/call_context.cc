#include "lib/http/call_context.h"

#include <algorithm>
#include <utility>

namespace stablecut::http {

CallContext CallContext::FromDeadline(absl::Time deadline, std::function<bool()> cancelled) {
  CallContext context;
  context.deadline_ = deadline;
  if (cancelled) {
    context.cancelled_ = std::make_shared<std::function<bool()> const>(std::move(cancelled));
  }
  return context;
}

CallContext CallContext::WithDefaultDeadline(absl::Duration timeout, absl::Time now) const {
  CallContext context = *this;
  if (!has_deadline()) context.deadline_ = now + timeout;
  return context;
}

absl::Duration CallContext::Remaining(absl::Time now) const {
  if (!has_deadline()) return absl::InfiniteDuration();
  return std::max(absl::ZeroDuration(), deadline_ - now);
}

bool CallContext::Cancelled() const { return cancelled_ != nullptr && (*cancelled_)(); }

bool CallContext::WaitFor(absl::Duration duration) const {
  if (cancelled_ == nullptr) {
    absl::SleepFor(duration);
    return true;
  }
  absl::Time end = absl::Now() + duration;
  for (;;) {
    if (Cancelled()) return false;
    absl::Duration left = end - absl::Now();
    if (left <= absl::ZeroDuration()) return true;
    absl::SleepFor(std::min(left, kPollInterval));
  }
}

}  // namespace stablecut::http
