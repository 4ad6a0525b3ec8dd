#pragma once
// A file held in memory and read at offsets, every read counted, as a release asset read
// in ranges would be (each read a request); and incompressible bytes to fill archives with.

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <random>
#include <string>
#include <utility>

#include "lib/http/body.h"

namespace stablecut::testing {

// Counts reads and bytes handed out; fails every read with `fail_with` once it is set.
class CountingSource : public http::RandomAccessSource {
 public:
  explicit CountingSource(std::string bytes) : bytes_(std::move(bytes)) {}
  absl::StatusOr<std::size_t> ReadAt(std::int64_t offset, char* buffer,
                                     std::size_t size) override {
    ++reads;
    if (!fail_with.ok()) return fail_with;
    if (offset >= static_cast<std::int64_t>(bytes_.size())) return 0;
    std::size_t n = std::min(size, bytes_.size() - static_cast<std::size_t>(offset));
    std::memcpy(buffer, bytes_.data() + offset, n);
    bytes_read += static_cast<std::int64_t>(n);
    lowest_offset = std::min(lowest_offset, offset);
    largest_read = std::max(largest_read, n);
    return n;
  }
  std::int64_t size() const override { return static_cast<std::int64_t>(bytes_.size()); }

  int reads = 0;
  std::int64_t bytes_read = 0;
  std::int64_t lowest_offset = INT64_MAX;
  std::size_t largest_read = 0;
  absl::Status fail_with;

 private:
  std::string bytes_;
};

// `size` pseudo-random bytes from `seed`: a member made of them takes its size in an archive.
inline std::string IncompressibleBytes(std::size_t size, std::uint64_t seed = 42) {
  std::mt19937_64 random(seed);
  std::string bytes(size, '\0');
  for (char& c : bytes) c = static_cast<char>(random() & 0xff);
  return bytes;
}

}  // namespace stablecut::testing
