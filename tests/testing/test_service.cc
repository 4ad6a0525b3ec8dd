#include "tests/testing/test_service.h"

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "lib/log/log.h"

namespace stablecut::testing {

grpc::Status TestServiceImpl::Echo(grpc::ServerContext* context, v1::EchoRequest const* request,
                                   v1::EchoResponse* response) {
  return guard_.Handle(*context, kEchoMethod, [&](auth::Caller const& caller) {
    ++handled_calls_;
    response->set_text(request->text());
    response->set_caller(caller.identity);
    return absl::OkStatus();
  });
}

grpc::Status TestServiceImpl::Slow(grpc::ServerContext* context, v1::SlowRequest const* request,
                                   v1::SlowResponse* response) {
  return guard_.Handle(*context, kSlowMethod, [&](auth::Caller const&) {
    ++handled_calls_;
    absl::Time start = absl::Now();
    log::Event(log::Level::kInfo, "slow call started",
               {{"duration_ms", absl::StrCat(request->duration_ms())}});
    absl::SleepFor(absl::Milliseconds(request->duration_ms()));
    response->set_elapsed_ms(absl::ToInt64Milliseconds(absl::Now() - start));
    return absl::OkStatus();
  });
}

}  // namespace stablecut::testing
