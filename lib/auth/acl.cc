#include "lib/auth/acl.h"

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

namespace stablecut::auth {
namespace {

// The served methods a rule covers; INVALID_ARGUMENT when it covers none or is malformed.
absl::StatusOr<std::vector<std::string>> CoveredMethods(
    AclRule const& rule, std::set<std::string> const& served_methods) {
  absl::string_view name = rule.method;
  absl::ConsumePrefix(&name, "/");
  auto slash = name.find('/');
  if (name.empty() || slash == absl::string_view::npos || slash == 0 ||
      slash + 1 == name.size() || name.find('/', slash + 1) != absl::string_view::npos) {
    return absl::InvalidArgumentError(absl::StrCat(
        "method \"", rule.method,
        "\" is not \"package.Service/Method\" or \"package.Service/*\""));
  }
  std::vector<std::string> methods;
  absl::string_view service = name.substr(0, slash);
  if (name.substr(slash + 1) == "*") {
    std::string prefix = absl::StrCat("/", service, "/");
    for (auto const& served : served_methods) {
      // A right ("Method:override") is never granted by a wildcard: it must be named.
      if (absl::StartsWith(served, prefix) && !absl::StrContains(served, ':')) {
        methods.push_back(served);
      }
    }
    if (methods.empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("this server serves no service \"", service, "\""));
    }
    return methods;
  }
  std::string full = absl::StrCat("/", name);
  if (served_methods.count(full) == 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        "this server serves no method \"", name, "\" (names are case-sensitive)"));
  }
  methods.push_back(std::move(full));
  return methods;
}

}  // namespace

absl::Status ValidateAclRule(AclRule const& rule, std::set<std::string> const& served_methods) {
  auto methods = CoveredMethods(rule, served_methods);
  if (!methods.ok()) return methods.status();
  if (rule.identities.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "rule for \"", rule.method, "\" lists no identities; a rule must let someone in"));
  }
  for (auto const& identity : rule.identities) {
    if (identity.empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("rule for \"", rule.method, "\" has an empty identity"));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<Acl> Acl::Create(std::vector<AclRule> const& rules,
                                std::set<std::string> const& served_methods) {
  Acl acl;
  for (std::size_t i = 0; i < rules.size(); ++i) {
    auto const& rule = rules[i];
    if (auto status = ValidateAclRule(rule, served_methods); !status.ok()) {
      return absl::InvalidArgumentError(absl::StrCat("acl[", i, "]: ", status.message()));
    }
    auto methods = CoveredMethods(rule, served_methods);
    if (!methods.ok()) return methods.status();
    for (auto const& method : *methods) {
      acl.allowed_[method].insert(rule.identities.begin(), rule.identities.end());
    }
  }
  return acl;
}

bool Acl::Allows(absl::string_view method, absl::string_view identity) const {
  auto it = allowed_.find(method);
  return it != allowed_.end() && it->second.contains(identity);
}

}  // namespace stablecut::auth
