#include "lib/server/rpc_guard.h"

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>

#include <grpc/support/time.h>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "lib/log/log.h"
#include "lib/server/status.h"

namespace stablecut::server {

absl::StatusOr<auth::Caller> RpcGuard::Identify(grpc::ServerContext& context,
                                                absl::string_view method) const {
  if (insecure_loopback_) return auth::Caller{std::string(auth::kInsecureLocalIdentity)};
  auto auth_context = context.auth_context();
  auto identity = auth_context ? auth::IdentityFromAuthContext(*auth_context)
                               : absl::UnauthenticatedError("no TLS session");
  if (!identity.ok()) {
    return absl::UnauthenticatedError(
        absl::StrCat("calling ", method, ": ", identity.status().message()));
  }
  return auth::Caller{*std::move(identity)};
}

absl::Status RpcGuard::Authorize(auth::Caller const& caller, absl::string_view method) const {
  if (acl_.Allows(method, caller.identity)) return absl::OkStatus();
  return absl::PermissionDeniedError(absl::StrCat(
      "caller \"", caller.identity, "\" may not call ", method,
      "; the server's ACL (server.acl in its config) must name this identity for it"));
}

namespace {

// ServerContext::IsCancelled() polls the call's completion queue, a futex wait each time:
// asked from every piece of a download (every few KiB), it was most of the publisher's CPU.
// Asked at most once per interval, from any thread; a cancellation, once seen, stays.
class ThrottledCancellation {
 public:
  explicit ThrottledCancellation(grpc::ServerContext* rpc) : rpc_(rpc) {}

  bool operator()() {
    if (cancelled_.load(std::memory_order_relaxed)) return true;
    std::int64_t now = absl::GetCurrentTimeNanos();
    std::int64_t last = last_check_.load(std::memory_order_relaxed);
    if (now - last < kIntervalNanos ||
        !last_check_.compare_exchange_strong(last, now, std::memory_order_relaxed)) {
      return false;
    }
    if (rpc_->IsCancelled()) cancelled_.store(true, std::memory_order_relaxed);
    return cancelled_.load(std::memory_order_relaxed);
  }

 private:
  static constexpr std::int64_t kIntervalNanos = 10'000'000;  // 10 ms
  grpc::ServerContext* rpc_;
  std::atomic<std::int64_t> last_check_{0};
  std::atomic<bool> cancelled_{false};
};

}  // namespace

http::CallContext RpcGuard::OutboundContext(grpc::ServerContext& context) const {
  // gRPC's "no deadline" is the infinite future of its own clock, which converts to a
  // far but finite std::chrono time: read the raw value to tell it apart.
  gpr_timespec raw = context.raw_deadline();
  absl::Time deadline = raw.tv_sec == gpr_inf_future(raw.clock_type).tv_sec
                            ? absl::InfiniteFuture()
                            : absl::FromChrono(context.deadline());
  auto cancelled = std::make_shared<ThrottledCancellation>(&context);
  return http::CallContext::FromDeadline(deadline, [cancelled] { return (*cancelled)(); })
      .WithDefaultDeadline(default_deadline_);
}

http::CallContext RpcGuard::BackgroundContext(std::function<bool()> cancelled) const {
  return http::CallContext::FromDeadline(absl::Now() + default_deadline_, std::move(cancelled));
}

grpc::Status RpcGuard::Handle(grpc::ServerContext& context, absl::string_view method,
                              absl::FunctionRef<absl::Status(auth::Caller const&)> handler) const {
  absl::Time start = absl::Now();
  auto caller = Identify(context, method);
  absl::Status status = caller.status();
  if (status.ok()) status = Authorize(*caller, method);
  if (status.ok()) status = handler(*caller);
  auto latency = absl::Now() - start;
  log::Fields fields = {
      {"method", std::string(method)},
      {"caller", caller.ok() ? caller->identity : std::string("unauthenticated")},
      {"code", absl::StatusCodeToString(status.code())},
      {"latency_ms", absl::StrCat(absl::ToInt64Milliseconds(latency))}};
  if (!status.ok()) fields.emplace_back("error", std::string(status.message()));
  log::Event(status.ok() ? log::Level::kInfo : log::Level::kWarn, "rpc", fields);
  return ToGrpcStatus(status);
}

}  // namespace stablecut::server
