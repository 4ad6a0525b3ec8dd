#pragma once
// The credential an outgoing request carries: fixed, or the current value of a SecretFile
// (rotated without a restart). Copies share the file.

#include <memory>
#include <utility>

#include "lib/http/secret.h"
#include "lib/http/secret_file.h"

namespace stablecut::http {

class TokenSource {
 public:
  TokenSource() = default;  // no token: anonymous requests
  // Implicit, so that a fixed token reads as one: `options.token = Secret(value)`.
  TokenSource(Secret fixed) : fixed_(std::move(fixed)) {}  // NOLINT(google-explicit-constructor)
  explicit TokenSource(std::shared_ptr<SecretFile> file) : file_(std::move(file)) {}

  // The token to send now (empty: none).
  Secret Current() const { return file_ ? file_->Current() : fixed_; }
  // No token at all. A SecretFile never reads as empty (ReadSecretFile refuses that).
  bool empty() const { return !file_ && fixed_.empty(); }
  bool rotates() const { return file_ != nullptr; }

 private:
  Secret fixed_;
  std::shared_ptr<SecretFile> file_;
};

}  // namespace stablecut::http
