#include "services/verifier/check.h"

#include <cstdint>

#include "absl/strings/str_cat.h"

namespace stablecut::verifier {

v1::Check MakeCheck(absl::string_view name, v1::Check::Outcome outcome, std::string detail,
                    std::vector<std::string> considered) {
  v1::Check check;
  check.set_name(std::string(name));
  check.set_outcome(outcome);
  check.set_passed(outcome == v1::Check::OUTCOME_PASS);
  check.set_detail(std::move(detail));
  for (auto& line : considered) check.add_considered(std::move(line));
  return check;
}

v1::Check Pass(absl::string_view name, std::string detail, std::vector<std::string> considered) {
  return MakeCheck(name, v1::Check::OUTCOME_PASS, std::move(detail), std::move(considered));
}
v1::Check Fail(absl::string_view name, std::string detail, std::vector<std::string> considered) {
  return MakeCheck(name, v1::Check::OUTCOME_FAIL, std::move(detail), std::move(considered));
}
v1::Check Inconclusive(absl::string_view name, std::string detail,
                       std::vector<std::string> considered) {
  return MakeCheck(name, v1::Check::OUTCOME_INCONCLUSIVE, std::move(detail),
                   std::move(considered));
}

std::string UnreadableReason(absl::string_view what, absl::Status const& error) {
  return absl::StrCat("could not read ", what, " from GitHub: ", error.message(), " (",
                      absl::StatusCodeToString(error.code()), ")");
}

v1::Check Unreadable(absl::string_view name, absl::string_view what, absl::Status const& error,
                     std::vector<std::string> considered) {
  return Inconclusive(name, absl::StrCat(UnreadableReason(what, error), "; try again"),
                      std::move(considered));
}

std::string DescribeDuration(absl::Duration duration) {
  if (duration < absl::ZeroDuration()) return absl::StrCat("-", DescribeDuration(-duration));
  if (duration < absl::Minutes(1)) {
    int64_t seconds = absl::ToInt64Seconds(duration);
    return absl::StrCat(seconds, " second", seconds == 1 ? "" : "s");
  }
  int64_t minutes = absl::ToInt64Minutes(duration);
  int64_t days = minutes / (24 * 60);
  int64_t hours = (minutes / 60) % 24;
  int64_t rest = minutes % 60;
  auto unit = [](int64_t n, absl::string_view one) {
    return absl::StrCat(n, " ", one, n == 1 ? "" : "s");
  };
  if (days > 0 && hours == 0) return unit(days, "day");
  if (days > 0) return absl::StrCat(unit(days, "day"), " ", unit(hours, "hour"));
  if (hours > 0) return absl::StrCat(unit(hours, "hour"), " ", unit(rest, "minute"));
  return unit(rest, "minute");
}

std::string FormatUtc(absl::Time time) {
  return absl::FormatTime("%Y-%m-%d %H:%M UTC", time, absl::UTCTimeZone());
}

}  // namespace stablecut::verifier
