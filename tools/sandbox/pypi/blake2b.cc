// BLAKE2b-256 as specified by RFC 7693 (unkeyed, 32-byte output).
#include "tools/sandbox/pypi/blake2b.h"

#include <cstring>

#include "absl/strings/escaping.h"

namespace stablecut::sandbox::pypi {
namespace {

constexpr std::array<std::uint64_t, 8> kIv = {
    0x6a09e667f3bcc908ULL, 0xbb67ae8584caa73bULL, 0x3c6ef372fe94f82bULL,
    0xa54ff53a5f1d36f1ULL, 0x510e527fade682d1ULL, 0x9b05688c2b3e6c1fULL,
    0x1f83d9abfb41bd6bULL, 0x5be0cd19137e2179ULL};

constexpr std::uint8_t kSigma[12][16] = {
    {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15},
    {14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3},
    {11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4},
    {7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8},
    {9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13},
    {2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9},
    {12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11},
    {13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10},
    {6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5},
    {10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0},
    {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15},
    {14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3}};

constexpr std::size_t kDigestSize = 32;

std::uint64_t RotateRight(std::uint64_t x, int n) { return (x >> n) | (x << (64 - n)); }

std::uint64_t LoadLittleEndian(std::uint8_t const* p) {
  std::uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | p[i];
  return v;
}

}  // namespace

Blake2b256::Blake2b256() : h_(kIv) { h_[0] ^= 0x01010000ULL ^ kDigestSize; }

void Blake2b256::Compress(bool last) {
  std::uint64_t m[16];
  for (int i = 0; i < 16; ++i) m[i] = LoadLittleEndian(block_.data() + 8 * i);
  std::uint64_t v[16];
  for (int i = 0; i < 8; ++i) {
    v[i] = h_[i];
    v[i + 8] = kIv[i];
  }
  v[12] ^= total_low_;
  v[13] ^= total_high_;
  if (last) v[14] = ~v[14];
  auto g = [&v](int a, int b, int c, int d, std::uint64_t x, std::uint64_t y) {
    v[a] = v[a] + v[b] + x;
    v[d] = RotateRight(v[d] ^ v[a], 32);
    v[c] = v[c] + v[d];
    v[b] = RotateRight(v[b] ^ v[c], 24);
    v[a] = v[a] + v[b] + y;
    v[d] = RotateRight(v[d] ^ v[a], 16);
    v[c] = v[c] + v[d];
    v[b] = RotateRight(v[b] ^ v[c], 63);
  };
  for (auto const& s : kSigma) {
    g(0, 4, 8, 12, m[s[0]], m[s[1]]);
    g(1, 5, 9, 13, m[s[2]], m[s[3]]);
    g(2, 6, 10, 14, m[s[4]], m[s[5]]);
    g(3, 7, 11, 15, m[s[6]], m[s[7]]);
    g(0, 5, 10, 15, m[s[8]], m[s[9]]);
    g(1, 6, 11, 12, m[s[10]], m[s[11]]);
    g(2, 7, 8, 13, m[s[12]], m[s[13]]);
    g(3, 4, 9, 14, m[s[14]], m[s[15]]);
  }
  for (int i = 0; i < 8; ++i) h_[i] ^= v[i] ^ v[i + 8];
}

void Blake2b256::Update(absl::string_view bytes) {
  while (!bytes.empty()) {
    if (block_size_ == block_.size()) {
      // The counter counts bytes compressed so far, including this block.
      total_low_ += block_.size();
      if (total_low_ < block_.size()) ++total_high_;
      Compress(false);
      block_size_ = 0;
    }
    std::size_t n = std::min(bytes.size(), block_.size() - block_size_);
    std::memcpy(block_.data() + block_size_, bytes.data(), n);
    block_size_ += n;
    bytes.remove_prefix(n);
  }
}

std::string Blake2b256::FinishHex() {
  total_low_ += block_size_;
  if (total_low_ < block_size_) ++total_high_;
  std::memset(block_.data() + block_size_, 0, block_.size() - block_size_);
  Compress(true);
  std::string digest(kDigestSize, '\0');
  for (std::size_t i = 0; i < kDigestSize; ++i) {
    digest[i] = static_cast<char>((h_[i / 8] >> (8 * (i % 8))) & 0xff);
  }
  return absl::BytesToHexString(digest);
}

}  // namespace stablecut::sandbox::pypi
