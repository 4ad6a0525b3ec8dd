#pragma once
// Where a target's PyPI token comes from, behind one small interface: a token file today;
// trusted publishing (a workload's OIDC token exchanged for a short-lived PyPI token) can be
// another implementation without touching the publish pipeline.

#include <string>

#include "absl/status/statusor.h"
#include "lib/http/secret.h"

namespace stablecut::publisher {

class PypiCredential {
 public:
  virtual ~PypiCredential() = default;
  // The token for one publish, fetched afresh each time so a rotated one takes effect
  // without a restart. FAILED_PRECONDITION naming its source (never its value) when none
  // can be had.
  virtual absl::StatusOr<http::Secret> Fetch() const = 0;
};

// A token in a file (a Kubernetes Secret mounted read-only, a secret store agent's file),
// read and its permissions checked again on every Fetch (http::ReadSecretFile's rules).
class TokenFileCredential : public PypiCredential {
 public:
  // `role` names it in errors: "the token of target \"pypi\"".
  TokenFileCredential(std::string path, std::string role)
      : path_(std::move(path)), role_(std::move(role)) {}

  absl::StatusOr<http::Secret> Fetch() const override;

 private:
  std::string path_;
  std::string role_;
};

}  // namespace stablecut::publisher
