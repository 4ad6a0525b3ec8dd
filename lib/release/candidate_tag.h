#pragma once
// Candidate tags, "candidate-YYYYMMDD.N": parsing, formatting and ordering.

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"

namespace stablecut::release {

struct CandidateTag {
  int year = 0;
  int month = 0;
  int day = 0;
  int number = 0;  // N: 1 for the first candidate of the day

  absl::CivilDay Day() const { return absl::CivilDay(year, month, day); }
  std::string Date() const;     // "20261126"
  std::string Version() const;  // "20261126.1"
  std::string ToString() const; // "candidate-20261126.1"

  friend bool operator<(CandidateTag const& a, CandidateTag const& b);
  friend bool operator==(CandidateTag const& a, CandidateTag const& b);
};

// The first year a candidate date may have: nothing was cut before it, so an earlier date
// is a typo (a two-digit year, a swapped field), not a candidate.
inline constexpr int kFirstCandidateYear = 2000;

// INVALID_ARGUMENT saying what is wrong, e.g. for "candidate-2026-11-26".
absl::StatusOr<CandidateTag> ParseCandidateTag(absl::string_view tag);

// The date part ("20261126") of `time` in UTC.
std::string UtcDate(absl::Time time);

}  // namespace stablecut::release
