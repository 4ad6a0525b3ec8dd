#include "lib/release/ancestry.h"

#include <map>
#include <set>

namespace stablecut::release {

bool IsAncestorOrSame(github::Comparison const& base_to_head) {
  return base_to_head.status == "behind" || base_to_head.status == "identical";
}

std::vector<github::Commit> FirstParentLine(std::string const& head_sha,
                                            std::vector<github::Commit> const& commits) {
  std::map<std::string, github::Commit const*> by_sha;
  for (auto const& commit : commits) by_sha.emplace(commit.sha, &commit);
  std::vector<github::Commit> line;
  std::set<std::string> seen;  // a malformed listing must not loop forever
  std::string sha = head_sha;
  while (true) {
    auto found = by_sha.find(sha);
    if (found == by_sha.end() || !seen.insert(sha).second) break;
    line.push_back(*found->second);
    if (found->second->parent_shas.empty()) break;
    sha = found->second->parent_shas.front();
  }
  return line;
}

}  // namespace stablecut::release
