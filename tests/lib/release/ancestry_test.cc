#include "lib/release/ancestry.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace stablecut::release {
namespace {

using ::testing::ElementsAre;

github::Commit Commit(std::string sha, std::vector<std::string> parents) {
  github::Commit commit;
  commit.sha = std::move(sha);
  commit.parent_shas = std::move(parents);
  return commit;
}

std::vector<std::string> Shas(std::vector<github::Commit> const& commits) {
  std::vector<std::string> shas;
  for (auto const& commit : commits) shas.push_back(commit.sha);
  return shas;
}

TEST(IsAncestorOrSame, OnlyBehindAndIdentical) {
  for (auto const& [status, expected] : std::vector<std::pair<std::string, bool>>{
           {"behind", true}, {"identical", true}, {"ahead", false}, {"diverged", false},
           {"", false}}) {
    github::Comparison comparison;
    comparison.status = status;
    EXPECT_EQ(IsAncestorOrSame(comparison), expected) << status;
  }
}

// main: a - b - M (merge of the pull request's p1 - p2, p2 newer by date than b) - c
// `git log` order lists p2 and p1 too; the first-parent line does not.
TEST(FirstParentLine, LeavesOutAMergedPullRequestsOwnCommits) {
  std::vector<github::Commit> log_order = {
      Commit("c", {"M"}), Commit("M", {"b", "p2"}), Commit("p2", {"p1"}),
      Commit("b", {"a"}), Commit("p1", {"a"}),      Commit("a", {})};
  EXPECT_THAT(Shas(FirstParentLine("c", log_order)), ElementsAre("c", "M", "b", "a"));
}

TEST(FirstParentLine, EndsAtTheFirstCommitNotListed) {
  std::vector<github::Commit> listed = {Commit("c", {"b"}), Commit("b", {"a"})};
  EXPECT_THAT(Shas(FirstParentLine("c", listed)), ElementsAre("c", "b"));
  EXPECT_TRUE(FirstParentLine("unknown", listed).empty());
}

TEST(FirstParentLine, StopsOnACycleInAMalformedListing) {
  std::vector<github::Commit> cyclic = {Commit("a", {"b"}), Commit("b", {"a"})};
  EXPECT_THAT(Shas(FirstParentLine("a", cyclic)), ElementsAre("a", "b"));
}

}  // namespace
}  // namespace stablecut::release
