#pragma once
// Maps the candidate logic's structs to stablecut.v1 messages.

#include <optional>

#include "absl/status/statusor.h"
#include "services/candidate/candidates.h"
#include "stablecut/v1/candidate.pb.h"

namespace stablecut::candidate {

v1::Candidate ToProto(CandidateInfo const& info);
// A cut's candidate, with the commits it passed over.
v1::Candidate ToProto(CutResult const& cut);
// "abc1234 red: …; def5678 pending: …" for logs.
std::string SkippedSummary(CutResult const& cut);

// nullopt for STATE_UNSPECIFIED (all states); INVALID_ARGUMENT for an unknown value.
absl::StatusOr<std::optional<CandidateState>> FromProto(v1::Candidate::State state);

}  // namespace stablecut::candidate
