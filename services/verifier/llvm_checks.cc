#include "services/verifier/llvm_checks.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "lib/release/ancestry.h"
#include "lib/release/commit_sha.h"
#include "services/verifier/ancestry_checks.h"
#include "services/verifier/check.h"

namespace stablecut::verifier {

absl::StatusOr<std::string> PinnedCommit(std::string const& path,
                                         github::ContentEntry const& entry) {
  if (entry.type != "submodule" || !release::IsFullSha(entry.sha)) {
    return absl::NotFoundError(absl::StrCat(
        path, " is not a submodule (the contents API says type \"", entry.type, "\")"));
  }
  return absl::AsciiStrToLower(entry.sha);
}

v1::Check LlvmUpstreamCheck(std::string const& path, github::RepoRef const& upstream,
                            std::string const& branch, absl::StatusOr<std::string> const& pin,
                            absl::StatusOr<github::Comparison> const& branch_to_pin) {
  std::string upstream_name = absl::StrCat(upstream.owner, "/", upstream.name);
  if (!pin.ok()) {
    if (pin.status().code() == absl::StatusCode::kNotFound) {
      return Fail(kLlvmUpstream,
                  absl::StrCat("no submodule is pinned at ", path, " in the candidate commit (",
                               pin.status().message(), "); fix submodule_path or the repository"));
    }
    return Unreadable(kLlvmUpstream, absl::StrCat("the submodule ", path), pin.status());
  }
  std::string short_pin = release::ShortSha(*pin);
  std::string asked = absl::StrCat("compare ", upstream_name, " ", branch, "...", short_pin);
  std::vector<std::string> considered = {absl::StrCat(path, " pins ", *pin)};
  if (!branch_to_pin.ok()) {
    if (branch_to_pin.status().code() == absl::StatusCode::kNotFound) {
      considered.push_back(asked + ": not found");
      return Fail(kLlvmUpstream,
                  absl::StrCat("llvm commit ", short_pin, " is not in ", upstream_name,
                               ": patched or cherry-picked: not upstream (", asked,
                               ": not found)"),
                  std::move(considered));
    }
    return Unreadable(kLlvmUpstream, asked, branch_to_pin.status(), std::move(considered));
  }
  std::string evidence = DescribeComparison(*branch_to_pin);
  considered.push_back(absl::StrCat(asked, ": ", ComparisonCounts(*branch_to_pin)));
  if (release::IsAncestorOrSame(*branch_to_pin)) {
    return Pass(kLlvmUpstream,
                absl::StrCat("llvm commit ", short_pin, " is on ", upstream_name, " ", branch,
                             " (", evidence, ")"),
                std::move(considered));
  }
  return Fail(kLlvmUpstream,
              absl::StrCat("llvm commit ", short_pin, " is not on ", upstream_name, " ", branch,
                           " (", evidence, "): patched or cherry-picked: not upstream"),
              std::move(considered));
}

absl::StatusOr<std::set<std::string>> ParseIntegratedCommits(std::string const& text) {
  std::set<std::string> commits;
  int line_number = 0;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    ++line_number;
    size_t hash = line.find('#');
    if (hash != absl::string_view::npos) line = line.substr(0, hash);
    line = absl::StripAsciiWhitespace(line);
    if (line.empty()) continue;
    bool hex = line.size() >= 7 && line.size() <= 40;
    for (char c : line) hex = hex && absl::ascii_isxdigit(static_cast<unsigned char>(c));
    if (!hex) {
      return absl::InvalidArgumentError(
          absl::StrCat("line ", line_number, " is not a commit sha (7 to 40 hex digits): \"",
                       line.substr(0, 60), "\""));
    }
    commits.insert(absl::AsciiStrToLower(line));
  }
  return commits;
}

v1::Check LlvmIntegratedCheck(std::string const& url, absl::StatusOr<std::string> const& pin,
                              absl::StatusOr<std::string> const& file) {
  if (!pin.ok()) {
    if (pin.status().code() == absl::StatusCode::kNotFound) {
      return Fail(kLlvmIntegrated, absl::StrCat("no submodule commit is pinned (",
                                                pin.status().message(), ")"));
    }
    return Unreadable(kLlvmIntegrated, "the pinned submodule commit", pin.status());
  }
  std::string short_pin = release::ShortSha(*pin);
  if (!file.ok()) {
    return Inconclusive(kLlvmIntegrated,
                        absl::StrCat("could not fetch the integrated commits from ", url, ": ",
                                     file.status().message(), "; try again"),
                        {absl::StrCat("pinned commit ", *pin)});
  }
  auto commits = ParseIntegratedCommits(*file);
  if (!commits.ok()) {
    return Inconclusive(kLlvmIntegrated,
                        absl::StrCat("the integrated commits file ", url, " is malformed: ",
                                     commits.status().message()));
  }
  std::vector<std::string> considered = {
      absl::StrCat("pinned commit ", *pin),
      absl::StrCat(url, " lists ", commits->size(), " commits")};
  for (auto const& listed : *commits) {
    if (absl::StartsWith(*pin, listed)) {
      return Pass(kLlvmIntegrated,
                  absl::StrCat("llvm commit ", short_pin, " is listed as integrated downstream (",
                               url, ")"),
                  std::move(considered));
    }
  }
  return Fail(kLlvmIntegrated,
              absl::StrCat("llvm commit ", short_pin, " is not among the ", commits->size(),
                           " commits integrated downstream (", url,
                           "): wait for the integrator or pin an integrated commit"),
              std::move(considered));
}

}  // namespace stablecut::verifier
