#pragma once
// Candidates, finalize results and proposals as text for people (`--output text`).

#include <string>

#include "stablecut/v1/candidate.pb.h"
#include "tools/cli/style.h"

namespace stablecut::cli {

// "draft", "pre-release", "stable": the words `--state` takes.
std::string StateName(v1::Candidate::State state);

// TAG, STATE, COMMIT (12 digits), CREATED, ASSETS; "No candidates." when empty.
std::string RenderCandidateList(v1::ListCandidatesResponse const& response, Style const& style);
// One candidate's fields, its assets as a table and, after a cut, the commits skipped.
std::string RenderCandidate(v1::Candidate const& candidate, Style const& style);
std::string RenderFinalize(v1::FinalizeCandidatesResponse const& response, Style const& style);
std::string RenderProposal(v1::Proposal const& proposal, Style const& style);

}  // namespace stablecut::cli
