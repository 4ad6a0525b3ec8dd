// The proposal issue and its comments of each objection seed.
#include "tools/sandbox/objection_seeds.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "tools/sandbox/github_json.h"
#include "tools/sandbox/seed_builder.h"

namespace stablecut::sandbox {
namespace {

constexpr char kFailsObjections[] = "fails-objections";
constexpr char kPassesUnheld[] = "passes-objections-unheld";
constexpr char kWindowRunning[] = "objections-window-running";

void Comment(State& state, Repo& repo, int64_t number, char const* user, char const* association,
             std::string body, absl::Time now, double age_hours) {
  IssueComment comment;
  comment.issue_number = number;
  comment.user_login = user;
  comment.author_association = association;
  comment.body = std::move(body);
  comment.created_at = Ago(now, age_hours);
  AddIssueComment(state, repo, std::move(comment));
}

}  // namespace

std::vector<std::string> const& ObjectionSeedNames() {
  static auto const* names =
      new std::vector<std::string>{kFailsObjections, kPassesUnheld, kWindowRunning};
  return *names;
}

bool IsObjectionSeed(std::string const& name) {
  auto const& names = ObjectionSeedNames();
  return std::find(names.begin(), names.end(), name) != names.end();
}

void AddObjectionStory(std::string const& name, std::string const& candidate_tag, absl::Time now,
                       State& state, Repo& repo) {
  if (!IsObjectionSeed(name)) return;
  Issue proposal;
  proposal.title = absl::StrCat("Release proposal: ", candidate_tag);
  proposal.body = absl::StrCat("Stablecut proposes promoting ", candidate_tag,
                               " to stable.\n\nObject with a comment whose first line is "
                               "`/hold <reason>`; withdraw with `/unhold <reason>`.\n");
  proposal.labels = {kProposalLabel};
  proposal.created_at = Ago(now, name == kWindowRunning ? 2 : 24 * 5);
  proposal.user_login = kWriteUserLogin;
  proposal.author_association = kWriteUserAssociation;
  AddIssue(state, repo, proposal);
  int64_t number = repo.issues.back().number;
  if (name == kFailsObjections) {
    // A maintainer's standing objection, and a passer-by's that does not count.
    Comment(state, repo, number, "maintainer-mia", "MEMBER",
            "/hold widgets-runtime crashes on import on macOS\n\nSee the traceback in #12; "
            "the wheel links a library macOS 13 lacks.",
            now, 24 * 3);
    Comment(state, repo, number, "drive-by-dan", "NONE", "/hold please wait for my PR", now,
            24 * 2);
  } else if (name == kPassesUnheld) {
    Comment(state, repo, number, "maintainer-mia", "MEMBER",
            "/hold widgets-runtime crashes on import on macOS", now, 24 * 4);
    Comment(state, repo, number, "collab-carl", "COLLABORATOR",
            "/unhold fixed in the wheel rebuild", now, 24 * 2);
  }
}

}  // namespace stablecut::sandbox
