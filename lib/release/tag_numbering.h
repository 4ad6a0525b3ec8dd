#pragma once
// Which tag the next candidate of a UTC day gets: "YYYYMMDD.N", N = 1 + the highest N that
// day already has (a gap left by a deleted candidate is never reused, so a tag never names
// two different commits over time).

#include <vector>

#include "absl/time/civil_time.h"
#include "lib/release/candidate_tag.h"

namespace stablecut::release {

// `existing`: every candidate tag seen, as tag refs or as releases, any day, any order,
// duplicates allowed.
CandidateTag NextCandidateTag(absl::CivilDay day, std::vector<CandidateTag> const& existing);

}  // namespace stablecut::release
