#pragma once
// The sandbox's credentials: random tokens created once, kept in files of mode 0600.

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace stablecut::sandbox {

enum class Access { kAnonymous, kRead, kWrite, kBadCredentials };

class Tokens {
 public:
  // Reads github-write.token, github-read.token and pypi-upload.token from `state_dir`,
  // creating any that is missing with a fresh random value (mode 0600).
  static absl::StatusOr<Tokens> LoadOrCreate(std::string const& state_dir);

  // What an `Authorization` header value ("Bearer <t>", "token <t>", or "") grants.
  Access Classify(absl::string_view authorization) const;

  std::string const& pypi_upload() const { return pypi_upload_; }

  // Which of the sandbox's credentials an `Authorization` header carries, by name, for the
  // request log (never the value): "github-write", "github-read", "pypi-upload" (Basic
  // `__token__` with the upload token), "other" (anything else), or "" (no header).
  std::string CredentialName(absl::string_view authorization) const;

 private:
  std::string github_write_;
  std::string github_read_;
  std::string pypi_upload_;
};

// `bytes` random bytes as lowercase hex (OpenSSL's RAND_bytes).
std::string RandomHex(int bytes);

}  // namespace stablecut::sandbox
