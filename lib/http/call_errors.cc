#include "lib/http/call_errors.h"

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"

namespace stablecut::http {
namespace {

std::string Elapsed(absl::Duration elapsed) {
  return absl::FormatDuration(absl::Trunc(elapsed, absl::Milliseconds(1)));
}

std::string Attempts(int attempts) {
  return absl::StrCat(attempts, attempts == 1 ? " attempt" : " attempts");
}

// "(2 attempts; last: 503)", or "(0 attempts)" when none was made.
std::string Effort(CallSummary const& call) {
  if (call.last_reason.empty()) return absl::StrCat("(", Attempts(call.attempts), ")");
  return absl::StrCat("(", Attempts(call.attempts), "; last: ", call.last_reason, ")");
}

}  // namespace

absl::Status DeadlineExceeded(CallSummary const& call) {
  return absl::DeadlineExceededError(absl::StrCat(call.service, " ", call.operation,
                                                  ": deadline exceeded after ",
                                                  Elapsed(call.elapsed), " ", Effort(call),
                                                  " on ", call.url));
}

absl::Status CancelledByCaller(CallSummary const& call) {
  return absl::CancelledError(absl::StrCat(call.service, " ", call.operation,
                                           " cancelled by the caller after ",
                                           Elapsed(call.elapsed), " ", Effort(call), " on ",
                                           call.url));
}

absl::Status RetriesExhausted(CallSummary const& call, AttemptOutcome const& last, absl::Time now,
                              bool may_have_been_sent) {
  std::string when = "; try again later";
  if (last.server_delay) {
    absl::Duration wait = absl::Ceil(*last.server_delay, absl::Seconds(1));
    when = absl::StrCat("; try again after ",
                        absl::FormatTime("%Y-%m-%d %H:%M:%S UTC", now + wait, absl::UTCTimeZone()),
                        " (in ", absl::ToInt64Seconds(wait), "s)");
  }
  if (last.rate_limited) {
    return absl::UnavailableError(absl::StrCat(call.service, " ", call.operation, ": ",
                                               last.reason, " after ", Attempts(call.attempts),
                                               " in ", Elapsed(call.elapsed), " on ", call.url,
                                               when));
  }
  if (may_have_been_sent) {
    when = absl::StrCat("; not retried: the request may have reached ", call.service,
                        ", so check what it did before sending it again");
  }
  return absl::UnavailableError(absl::StrCat(call.service, " unavailable after ",
                                             Attempts(call.attempts), " in ", Elapsed(call.elapsed),
                                             " (", last.reason, ") on ", call.operation, " ",
                                             call.url, when));
}

}  // namespace stablecut::http
