#pragma once
// BLAKE2b with a 32-byte digest (PyPI's blake2_256), streaming, by libsodium's generic hash.
// OpenSSL 3.0's EVP only offers the 64-byte variant (a size parameter came in 3.2), and
// BLAKE2b-256 is not a truncation of it (RFC 7693: the length is in the parameter block).

#include <memory>
#include <string>

#include "absl/strings/string_view.h"

struct crypto_generichash_blake2b_state;

namespace stablecut::sandbox::pypi {

class Blake2b256 {
 public:
  Blake2b256();
  ~Blake2b256();
  Blake2b256(Blake2b256 const&) = delete;
  Blake2b256& operator=(Blake2b256 const&) = delete;

  void Update(absl::string_view bytes);
  // The lowercase hex digest; call once.
  std::string FinishHex();

 private:
  std::unique_ptr<crypto_generichash_blake2b_state> state_;
};

}  // namespace stablecut::sandbox::pypi
