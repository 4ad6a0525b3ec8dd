#include "lib/release/commit_sha.h"

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"

namespace stablecut::release {

bool IsFullSha(absl::string_view text) {
  if (text.size() != 40) return false;
  for (char c : text) {
    if (!absl::ascii_isxdigit(c)) return false;
  }
  return true;
}

absl::StatusOr<std::string> ParseCommitSha(absl::string_view field, absl::string_view text) {
  if (!IsFullSha(text)) {
    return absl::InvalidArgumentError(absl::StrCat(
        field, " \"", absl::CHexEscape(text.substr(0, 64)),
        "\" is not a commit sha: give the full 40 hex digits of a commit (branch names, tags "
        "and short shas are not accepted, since they can name another commit later)"));
  }
  return absl::AsciiStrToLower(text);
}

std::string ShortSha(absl::string_view sha) { return std::string(sha.substr(0, 7)); }

}  // namespace stablecut::release
