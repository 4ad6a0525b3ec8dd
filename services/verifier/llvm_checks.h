#pragma once
// The checks of the pinned submodule commit: llvm_upstream and llvm_integrated.

#include <set>
#include <string>

#include "absl/status/statusor.h"
#include "lib/github/api.h"
#include "lib/github/types.h"
#include "stablecut/v1/verifier.pb.h"

namespace stablecut::verifier {

// The pinned commit from the contents API's answer for the submodule's path: NOT_FOUND
// naming the path when it is not a submodule there.
absl::StatusOr<std::string> PinnedCommit(std::string const& path,
                                         github::ContentEntry const& entry);

// `llvm_upstream`: the submodule at `path` pins a commit that is an ancestor of (or equal to)
// `branch` of `upstream`, by GitHub's compare branch...pin in the upstream repository. A fork's
// commit is readable through the upstream's URLs, so only the compare proves it is upstream.
// `pin`: the pinned commit (PinnedCommit), or why it could not be read.
v1::Check LlvmUpstreamCheck(std::string const& path, github::RepoRef const& upstream,
                            std::string const& branch, absl::StatusOr<std::string> const& pin,
                            absl::StatusOr<github::Comparison> const& branch_to_pin);

// The commits of an integrated-commits file: one sha (7 to 40 hex digits) per line, "#"
// comments and blank lines ignored, lower-cased. INVALID_ARGUMENT naming the first bad line.
absl::StatusOr<std::set<std::string>> ParseIntegratedCommits(std::string const& text);

// `llvm_integrated`: the pinned commit is listed in the file at `url` (a listed abbreviation
// of it counts). `file`: the file's text, or why it could not be fetched.
v1::Check LlvmIntegratedCheck(std::string const& url, absl::StatusOr<std::string> const& pin,
                              absl::StatusOr<std::string> const& file);

}  // namespace stablecut::verifier
