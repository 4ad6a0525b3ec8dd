#pragma once
// The access-control list: which identities may call which method. Default deny.

#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace stablecut::auth {

// One rule as written in a config file.
struct AclRule {
  // "pkg.Service/Method" or "pkg.Service/*", a leading "/" allowed; or a right a binary
  // declares beside its methods, "pkg.Service/Method:right", which "*" never covers.
  std::string method;
  std::vector<std::string> identities;
};

// Checks one rule against the methods a server serves (full names "/pkg.Service/Method").
// INVALID_ARGUMENT when the rule names a method or service that is not served, is
// malformed, or lists no identity.
absl::Status ValidateAclRule(AclRule const& rule, std::set<std::string> const& served_methods);

// An immutable, validated ACL. Thread-safe.
class Acl {
 public:
  // Validates every rule (ValidateAclRule); an error names the rule's index, "acl[i]".
  static absl::StatusOr<Acl> Create(std::vector<AclRule> const& rules,
                                    std::set<std::string> const& served_methods);

  // An ACL that allows nothing.
  Acl() = default;

  // Whether `identity` may call `method` ("/pkg.Service/Method").
  bool Allows(absl::string_view method, absl::string_view identity) const;

 private:
  absl::flat_hash_map<std::string, absl::flat_hash_set<std::string>> allowed_;
};

}  // namespace stablecut::auth
