#include "lib/release/proposal.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace stablecut::release {

bool IsAuthorAssociation(absl::string_view value) {
  return std::any_of(kAuthorAssociations.begin(), kAuthorAssociations.end(),
                     [&](char const* known) { return value == known; });
}

std::string ProposalTitle(absl::string_view tag) { return absl::StrCat("Release proposal: ", tag); }

std::optional<github::Issue> FindProposal(std::vector<github::Issue> const& issues,
                                          absl::string_view tag) {
  std::string const title = ProposalTitle(tag);
  std::optional<github::Issue> found;
  for (auto const& issue : issues) {
    if (issue.is_pull_request || issue.title != title) continue;
    if (!found || issue.created_at < found->created_at ||
        (issue.created_at == found->created_at && issue.number < found->number)) {
      found = issue;
    }
  }
  return found;
}

std::string FirstLine(absl::string_view comment_body) {
  for (absl::string_view line : absl::StrSplit(comment_body, '\n')) {
    absl::string_view trimmed = absl::StripAsciiWhitespace(line);
    if (!trimmed.empty()) return std::string(trimmed);
  }
  return "";
}

ProposalCommand CommandOf(absl::string_view comment_body) {
  std::string const line = FirstLine(comment_body);
  auto is_command = [&](absl::string_view command) {
    if (!absl::StartsWith(line, command)) return false;
    return line.size() == command.size() ||
           absl::ascii_isspace(static_cast<unsigned char>(line[command.size()]));
  };
  if (is_command("/hold")) return ProposalCommand::kHold;
  if (is_command("/unhold")) return ProposalCommand::kUnhold;
  return ProposalCommand::kNone;
}

ObjectionReading ReadObjections(std::vector<github::IssueComment> const& comments,
                                std::vector<std::string> const& objector_associations) {
  std::vector<github::IssueComment> ordered = comments;
  std::stable_sort(ordered.begin(), ordered.end(), [](auto const& a, auto const& b) {
    return a.created_at < b.created_at;
  });
  ObjectionReading reading;
  for (auto const& comment : ordered) {
    ProposalCommand const command = CommandOf(comment.body);
    if (command == ProposalCommand::kNone) continue;
    bool const counts = std::find(objector_associations.begin(), objector_associations.end(),
                                  comment.author_association) != objector_associations.end();
    if (!counts) {
      reading.remarks.push_back(comment);
    } else if (command == ProposalCommand::kHold) {
      // A second hold while one stands replaces it as the one quoted; one /unhold
      // releases both (they are one objection to the same candidate).
      if (reading.standing) reading.released.push_back(*reading.standing);
      reading.standing = comment;
    } else if (reading.standing) {
      reading.released.push_back(*reading.standing);
      reading.standing.reset();
    }
  }
  return reading;
}

}  // namespace stablecut::release
