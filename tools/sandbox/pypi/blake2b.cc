// BLAKE2b-256 through libsodium (crypto_generichash_blake2b: AVX2/SSSE3 code picked at
// sodium_init()).
#include "tools/sandbox/pypi/blake2b.h"

#include <sodium.h>

#include <cstdlib>

#include "absl/strings/escaping.h"

namespace stablecut::sandbox::pypi {
namespace {

constexpr std::size_t kDigestBytes = 32;

void InitSodiumOnce() {
  // sodium_init() selects the fastest implementation for this CPU; -1 means it could not
  // initialise at all (no entropy source), which a hash does not need but a broken machine
  // should not hide.
  static bool const ready = sodium_init() >= 0;
  if (!ready) std::abort();
}

}  // namespace

Blake2b256::Blake2b256() : state_(new crypto_generichash_blake2b_state) {
  InitSodiumOnce();
  crypto_generichash_blake2b_init(state_.get(), nullptr, 0, kDigestBytes);
}

Blake2b256::~Blake2b256() = default;

void Blake2b256::Update(absl::string_view bytes) {
  crypto_generichash_blake2b_update(
      state_.get(), reinterpret_cast<unsigned char const*>(bytes.data()), bytes.size());
}

std::string Blake2b256::FinishHex() {
  unsigned char digest[kDigestBytes];
  crypto_generichash_blake2b_final(state_.get(), digest, kDigestBytes);
  return absl::BytesToHexString(
      absl::string_view(reinterpret_cast<char const*>(digest), kDigestBytes));
}

}  // namespace stablecut::sandbox::pypi
