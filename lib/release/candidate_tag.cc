#include "lib/release/candidate_tag.h"

#include <tuple>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace stablecut::release {
namespace {

constexpr absl::string_view kPrefix = "candidate-";

absl::Status Malformed(absl::string_view tag, absl::string_view why) {
  return absl::InvalidArgumentError(absl::StrCat(
      "\"", absl::CHexEscape(tag.substr(0, 64)), "\" is not a candidate tag: ", why,
      "; candidate tags look like candidate-20261126.1"));
}

}  // namespace

std::string CandidateTag::Date() const { return absl::StrFormat("%04d%02d%02d", year, month, day); }
std::string CandidateTag::Version() const { return absl::StrCat(Date(), ".", number); }
std::string CandidateTag::ToString() const { return absl::StrCat(kPrefix, Version()); }

bool operator<(CandidateTag const& a, CandidateTag const& b) {
  return std::tie(a.year, a.month, a.day, a.number) < std::tie(b.year, b.month, b.day, b.number);
}
bool operator==(CandidateTag const& a, CandidateTag const& b) {
  return std::tie(a.year, a.month, a.day, a.number) == std::tie(b.year, b.month, b.day, b.number);
}

absl::StatusOr<CandidateTag> ParseCandidateTag(absl::string_view tag) {
  if (tag.size() > 64) return Malformed(tag, "it is too long");
  if (tag.substr(0, kPrefix.size()) != kPrefix) return Malformed(tag, "it does not start with candidate-");
  absl::string_view rest = tag.substr(kPrefix.size());
  auto dot = rest.find('.');
  if (dot != 8) return Malformed(tag, "the date is not 8 digits (YYYYMMDD) followed by .N");
  absl::string_view date = rest.substr(0, 8);
  absl::string_view number = rest.substr(9);
  for (char c : date) {
    if (!absl::ascii_isdigit(c)) return Malformed(tag, "the date has a non-digit");
  }
  if (number.empty() || number.size() > 6 || number[0] == '0') {
    return Malformed(tag, "N must be a number from 1, without leading zeros");
  }
  for (char c : number) {
    if (!absl::ascii_isdigit(c)) return Malformed(tag, "N has a non-digit");
  }
  CandidateTag parsed;
  bool ok = absl::SimpleAtoi(date.substr(0, 4), &parsed.year) &&
            absl::SimpleAtoi(date.substr(4, 2), &parsed.month) &&
            absl::SimpleAtoi(date.substr(6, 2), &parsed.day) &&
            absl::SimpleAtoi(number, &parsed.number);
  if (!ok) return Malformed(tag, "it has no valid numbers");
  // A real calendar day: absl normalizes impossible dates, so compare after the round trip.
  absl::CivilDay day(parsed.year, parsed.month, parsed.day);
  if (day.year() != parsed.year || day.month() != parsed.month || day.day() != parsed.day) {
    return Malformed(tag, absl::StrFormat("%04d-%02d-%02d is not a real day", parsed.year,
                                          parsed.month, parsed.day));
  }
  if (parsed.year < kFirstCandidateYear) {
    return Malformed(tag, absl::StrCat("the date is before ", kFirstCandidateYear,
                                       "-01-01, and candidate dates are UTC days from ",
                                       kFirstCandidateYear, " on"));
  }
  return parsed;
}

std::string UtcDate(absl::Time time) {
  return absl::FormatTime("%Y%m%d", time, absl::UTCTimeZone());
}

}  // namespace stablecut::release
