#include "lib/schedule/cron.h"

#include <vector>

#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace stablecut::schedule {
namespace {

constexpr std::size_t kMaxExpressionLength = 256;

struct FieldSpec {
  char const* name;
  int min;
  int max;
};

constexpr FieldSpec kFields[] = {
    {"minute", 0, 59}, {"hour", 0, 23}, {"day-of-month", 1, 31}, {"month", 1, 12},
    {"day-of-week", 0, 7}};

absl::Status FieldError(FieldSpec const& spec, absl::string_view text, absl::string_view why) {
  return absl::InvalidArgumentError(absl::StrCat("cron ", spec.name, " field \"",
                                                 absl::CHexEscape(text), "\": ", why, " (",
                                                 spec.name, " is ", spec.min, "-", spec.max, ")"));
}

bool ParseNumber(absl::string_view text, int& value) {
  if (text.empty() || text.size() > 3) return false;
  return absl::SimpleAtoi(text, &value);
}

// Sets the bits of `values` (indexed by value) that `text` selects.
template <std::size_t N>
absl::Status ParseField(FieldSpec const& spec, absl::string_view text, std::bitset<N>& values,
                        bool& restricted) {
  restricted = text != "*";
  for (absl::string_view item : absl::StrSplit(text, ',')) {
    int step = 1;
    absl::string_view range = item;
    auto slash = item.find('/');
    if (slash != absl::string_view::npos) {
      if (!ParseNumber(item.substr(slash + 1), step) || step < 1) {
        return FieldError(spec, text, "the step after / is not a positive number");
      }
      range = item.substr(0, slash);
    }
    int low = spec.min;
    int high = spec.max;
    if (range != "*") {
      auto dash = range.find('-');
      if (dash == absl::string_view::npos) {
        if (!ParseNumber(range, low)) return FieldError(spec, text, "not a number");
        high = slash == absl::string_view::npos ? low : spec.max;
      } else if (!ParseNumber(range.substr(0, dash), low) ||
                 !ParseNumber(range.substr(dash + 1), high)) {
        return FieldError(spec, text, "a range is not number-number");
      }
    }
    if (low < spec.min || high > spec.max || low > high) {
      return FieldError(spec, text, "out of range");
    }
    for (int value = low; value <= high; value += step) values.set(static_cast<std::size_t>(value));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<CronSchedule> CronSchedule::Parse(absl::string_view expression) {
  if (expression.size() > kMaxExpressionLength) {
    return absl::InvalidArgumentError("cron expression is too long");
  }
  std::vector<absl::string_view> fields =
      absl::StrSplit(expression, absl::ByAnyChar(" \t"), absl::SkipEmpty());
  if (fields.size() != 5) {
    return absl::InvalidArgumentError(absl::StrCat(
        "cron expression \"", absl::CHexEscape(expression), "\" has ", fields.size(),
        " fields, not 5 (minute hour day-of-month month day-of-week), e.g. \"0 10 * * *\""));
  }
  CronSchedule schedule;
  schedule.expression_ = std::string(expression);
  bool unused = false;
  if (auto s = ParseField(kFields[0], fields[0], schedule.minutes_, unused); !s.ok()) return s;
  if (auto s = ParseField(kFields[1], fields[1], schedule.hours_, unused); !s.ok()) return s;
  if (auto s = ParseField(kFields[2], fields[2], schedule.days_of_month_,
                          schedule.day_of_month_restricted_);
      !s.ok()) {
    return s;
  }
  if (auto s = ParseField(kFields[3], fields[3], schedule.months_, unused); !s.ok()) return s;
  if (auto s = ParseField(kFields[4], fields[4], schedule.days_of_week_,
                          schedule.day_of_week_restricted_);
      !s.ok()) {
    return s;
  }
  if (schedule.days_of_week_.test(7)) schedule.days_of_week_.set(0);
  return schedule;
}

bool CronSchedule::Matches(absl::CivilMinute minute) const {
  if (!minutes_.test(static_cast<std::size_t>(minute.minute())) ||
      !hours_.test(static_cast<std::size_t>(minute.hour())) ||
      !months_.test(static_cast<std::size_t>(minute.month()))) {
    return false;
  }
  absl::CivilDay day(minute);
  int weekday = (static_cast<int>(absl::GetWeekday(day)) + 1) % 7;  // absl: Monday is 0
  bool dom = days_of_month_.test(static_cast<std::size_t>(day.day()));
  bool dow = days_of_week_.test(static_cast<std::size_t>(weekday));
  if (day_of_month_restricted_ && day_of_week_restricted_) return dom || dow;
  return dom && dow;
}

absl::Time CronSchedule::NextAfter(absl::Time after) const {
  absl::TimeZone utc = absl::UTCTimeZone();
  absl::CivilMinute minute = absl::ToCivilMinute(after, utc) + 1;
  absl::CivilMinute limit = minute + 5 * 366 * 24 * 60;
  while (minute < limit) {
    if (!Matches(minute)) {
      // Skip whole months or hours that cannot match.
      if (!months_.test(static_cast<std::size_t>(minute.month()))) {
        minute = absl::CivilMinute(absl::CivilMonth(minute) + 1);
        continue;
      }
      if (!hours_.test(static_cast<std::size_t>(minute.hour()))) {
        minute = absl::CivilMinute(absl::CivilHour(minute) + 1);
        continue;
      }
      ++minute;
      continue;
    }
    return absl::FromCivil(minute, utc);
  }
  return absl::InfiniteFuture();
}

}  // namespace stablecut::schedule
