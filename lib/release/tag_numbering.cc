#include "lib/release/tag_numbering.h"

#include <algorithm>

namespace stablecut::release {

CandidateTag NextCandidateTag(absl::CivilDay day, std::vector<CandidateTag> const& existing) {
  CandidateTag next;
  next.year = static_cast<int>(day.year());
  next.month = day.month();
  next.day = day.day();
  next.number = 1;
  for (auto const& tag : existing) {
    if (tag.Day() == day) next.number = std::max(next.number, tag.number + 1);
  }
  return next;
}

}  // namespace stablecut::release
