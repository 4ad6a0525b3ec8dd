#pragma once
// Questions about one repository's history and releases, answered from the state alone.

#include <set>
#include <string>
#include <vector>

#include "tools/sandbox/state.h"

namespace stablecut::sandbox {

// The commit a ref names: a full or abbreviated (7+ hex) SHA, a branch, a tag, or a
// qualified ref ("heads/main", "refs/tags/v1"). Null when it names none.
Commit const* ResolveCommit(Repo const& repo, std::string const& ref);

// `sha` and every commit reachable from it.
std::set<std::string> Ancestors(Repo const& repo, std::string const& sha);

// Ancestors of `sha`, newest first (committer date, then SHA).
std::vector<Commit const*> History(Repo const& repo, std::string const& sha);

struct Comparison {
  std::string status;                  // identical, ahead, behind, diverged
  std::vector<Commit const*> ahead;    // in head, not in base, oldest first
  std::vector<Commit const*> behind;   // in base, not in head
  Commit const* merge_base = nullptr;  // null for unrelated histories
};
// `git log base..head` and the reverse, as GitHub's compare reports them (§7).
Comparison Compare(Repo const& repo, Commit const& base, Commit const& head);

Release* FindRelease(Repo& repo, int64_t id);
Release* FindReleaseByTag(Repo& repo, std::string const& tag);
// The release GET /releases/latest answers (§5.2): the one marked with make_latest while it
// stays published and not a pre-release, else the newest such by created_at. Null if none.
Release const* LatestRelease(Repo const& repo);
// The asset with this id and the release that holds it.
bool FindAsset(Repo& repo, int64_t asset_id, Release** release, Asset** asset);

}  // namespace stablecut::sandbox
