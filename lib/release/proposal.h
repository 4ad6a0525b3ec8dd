#pragma once
// Release proposals: the GitHub issue, one per candidate, where maintainers may object to
// its promotion. The candidate service writes them; the verifier's `objections` check reads
// them. Both find a candidate's proposal by its exact title among the issues carrying the
// proposal label, so the two services must agree on these rules.

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "lib/github/types.h"

namespace stablecut::release {

inline constexpr char kDefaultProposalLabel[] = "release-proposal";

// GitHub's values of a comment's `author_association`.
inline constexpr std::array<char const*, 7> kAuthorAssociations = {
    "OWNER", "MEMBER", "COLLABORATOR", "CONTRIBUTOR", "FIRST_TIME_CONTRIBUTOR", "FIRST_TIMER",
    "NONE"};
bool IsAuthorAssociation(absl::string_view value);

// "Release proposal: <tag>".
std::string ProposalTitle(absl::string_view tag);

// The proposal of `tag` among `issues` (those carrying the proposal label): the oldest issue
// whose title is exactly ProposalTitle(tag). Pull requests never count.
std::optional<github::Issue> FindProposal(std::vector<github::Issue> const& issues,
                                          absl::string_view tag);

// What a comment asks for: its first non-blank line, trimmed, is "/hold" or "/unhold",
// alone or followed by whitespace and a reason.
enum class ProposalCommand { kNone, kHold, kUnhold };
ProposalCommand CommandOf(absl::string_view comment_body);

// The first non-blank line of a comment, trimmed.
std::string FirstLine(absl::string_view comment_body);

// A proposal's comments read in order: a "/hold" from a commenter whose association is in
// `objector_associations` stands until a later "/unhold" from such a commenter (anyone's
// among them, not only the objector's: the maintainers decide together).
struct ObjectionReading {
  std::optional<github::IssueComment> standing;   // the hold that stands, if any
  std::vector<github::IssueComment> released;     // holds a later /unhold released
  std::vector<github::IssueComment> remarks;      // /hold or /unhold from anyone else
};
ObjectionReading ReadObjections(std::vector<github::IssueComment> const& comments,
                                std::vector<std::string> const& objector_associations);

}  // namespace stablecut::release
