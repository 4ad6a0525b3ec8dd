#pragma once
// Five-field cron expressions ("minute hour day-of-month month day-of-week", in UTC).

#include <bitset>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace stablecut::schedule {

class CronSchedule {
 public:
  // Fields take *, numbers, ranges a-b, steps */n and a-b/n, and lists of those.
  // Day-of-week is 0-7 (0 and 7 are Sunday). As in Vixie cron, when both day fields are
  // restricted a day matches either. INVALID_ARGUMENT naming the field and what is wrong.
  static absl::StatusOr<CronSchedule> Parse(absl::string_view expression);

  // The first whole minute strictly after `after` that matches, in UTC. InfiniteFuture()
  // when nothing matches within five years (e.g. "0 0 31 2 *").
  absl::Time NextAfter(absl::Time after) const;

  std::string const& expression() const { return expression_; }

 private:
  bool Matches(absl::CivilMinute minute) const;

  std::string expression_;
  std::bitset<60> minutes_;
  std::bitset<24> hours_;
  std::bitset<32> days_of_month_;
  std::bitset<13> months_;
  std::bitset<8> days_of_week_;
  bool day_of_month_restricted_ = false;
  bool day_of_week_restricted_ = false;
};

}  // namespace stablecut::schedule
