// History walks, ref resolution and release look-ups over the sandbox state.
#include "tools/sandbox/repo_queries.h"

#include <algorithm>

#include "absl/strings/match.h"

namespace stablecut::sandbox {
namespace {

bool IsHex(std::string const& text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
  });
}

Commit const* FindCommit(Repo const& repo, std::string const& sha) {
  auto it = repo.commits.find(sha);
  return it == repo.commits.end() ? nullptr : &it->second;
}

bool NewerFirst(Commit const* a, Commit const* b) {
  if (a->date != b->date) return a->date > b->date;
  return a->sha > b->sha;
}

}  // namespace

Commit const* ResolveCommit(Repo const& repo, std::string const& ref) {
  if (ref.empty()) return nullptr;
  for (std::string const& qualified :
       {"refs/heads/" + ref, "refs/tags/" + ref, "refs/" + ref, ref}) {
    auto it = repo.refs.find(qualified);
    if (it != repo.refs.end()) return FindCommit(repo, it->second);
  }
  if (!IsHex(ref) || ref.size() < 7 || ref.size() > 40) return nullptr;
  if (ref.size() == 40) return FindCommit(repo, ref);
  Commit const* found = nullptr;
  for (auto it = repo.commits.lower_bound(ref);
       it != repo.commits.end() && absl::StartsWith(it->first, ref); ++it) {
    if (found != nullptr) return nullptr;  // ambiguous
    found = &it->second;
  }
  return found;
}

std::set<std::string> Ancestors(Repo const& repo, std::string const& sha) {
  std::set<std::string> seen;
  std::vector<std::string> todo = {sha};
  while (!todo.empty()) {
    std::string next = todo.back();
    todo.pop_back();
    Commit const* commit = FindCommit(repo, next);
    if (commit == nullptr || !seen.insert(next).second) continue;
    for (std::string const& parent : commit->parents) todo.push_back(parent);
  }
  return seen;
}

std::vector<Commit const*> History(Repo const& repo, std::string const& sha) {
  std::vector<Commit const*> out;
  for (std::string const& ancestor : Ancestors(repo, sha)) {
    out.push_back(FindCommit(repo, ancestor));
  }
  std::sort(out.begin(), out.end(), NewerFirst);
  return out;
}

Comparison Compare(Repo const& repo, Commit const& base, Commit const& head) {
  Comparison out;
  std::set<std::string> base_side = Ancestors(repo, base.sha);
  std::set<std::string> head_side = Ancestors(repo, head.sha);
  for (std::string const& sha : head_side) {
    if (base_side.count(sha) == 0) out.ahead.push_back(FindCommit(repo, sha));
  }
  for (std::string const& sha : base_side) {
    if (head_side.count(sha) == 0) out.behind.push_back(FindCommit(repo, sha));
  }
  std::sort(out.ahead.begin(), out.ahead.end(),
            [](Commit const* a, Commit const* b) { return NewerFirst(b, a); });
  for (Commit const* commit : History(repo, head.sha)) {
    if (base_side.count(commit->sha) != 0) {
      out.merge_base = commit;
      break;
    }
  }
  if (base.sha == head.sha) {
    out.status = "identical";
  } else if (out.behind.empty()) {
    out.status = "ahead";
  } else if (out.ahead.empty()) {
    out.status = "behind";
  } else {
    out.status = "diverged";
  }
  return out;
}

Release* FindRelease(Repo& repo, int64_t id) {
  for (Release& release : repo.releases) {
    if (release.id == id) return &release;
  }
  return nullptr;
}

Release* FindReleaseByTag(Repo& repo, std::string const& tag) {
  for (Release& release : repo.releases) {
    if (release.tag_name == tag) return &release;
  }
  return nullptr;
}

Release const* LatestRelease(Repo const& repo) {
  Release const* newest = nullptr;
  for (Release const& release : repo.releases) {
    if (release.draft || release.prerelease) continue;
    if (release.id == repo.latest_release_id) return &release;
    if (newest == nullptr || release.created_at > newest->created_at ||
        (release.created_at == newest->created_at && release.id > newest->id)) {
      newest = &release;
    }
  }
  return newest;
}

bool FindAsset(Repo& repo, int64_t asset_id, Release** release, Asset** asset) {
  for (Release& candidate : repo.releases) {
    for (Asset& held : candidate.assets) {
      if (held.id == asset_id) {
        *release = &candidate;
        *asset = &held;
        return true;
      }
    }
  }
  return false;
}

}  // namespace stablecut::sandbox
