#pragma once
// The objection seeds: criterion seeds whose candidate also has a release proposal issue,
// with or without standing objections in its comments (criterion_seeds.cc tells the story).

#include <string>
#include <vector>

#include "absl/time/time.h"
#include "tools/sandbox/state.h"

namespace stablecut::sandbox {

inline constexpr char kProposalLabel[] = "release-proposal";

// "fails-objections", "passes-objections-unheld", "objections-window-running".
std::vector<std::string> const& ObjectionSeedNames();
bool IsObjectionSeed(std::string const& name);

// Adds seed `name`'s proposal for `candidate_tag` (opened by the write token's user) and its
// comments to `repo`, with times relative to `now`. Does nothing for another name.
void AddObjectionStory(std::string const& name, std::string const& candidate_tag, absl::Time now,
                       State& state, Repo& repo);

}  // namespace stablecut::sandbox
