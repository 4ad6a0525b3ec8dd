#pragma once
// BLAKE2b with a 32-byte digest (PyPI's blake2_256), streaming; OpenSSL 3.0's EVP only
// offers the 64-byte variant, and BLAKE2b-256 is not a truncation of it (RFC 7693).

#include <array>
#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"

namespace stablecut::sandbox::pypi {

class Blake2b256 {
 public:
  Blake2b256();
  void Update(absl::string_view bytes);
  // The lowercase hex digest; call once.
  std::string FinishHex();

 private:
  void Compress(bool last);

  std::array<std::uint64_t, 8> h_;
  std::array<std::uint8_t, 128> block_{};
  std::size_t block_size_ = 0;
  std::uint64_t total_low_ = 0;
  std::uint64_t total_high_ = 0;
};

}  // namespace stablecut::sandbox::pypi
