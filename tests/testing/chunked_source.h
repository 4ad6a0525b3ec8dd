#pragma once
// A request body that is not a file: bytes handed out a few at a time, size unknown, as a
// download piped into an upload would be.

#include <algorithm>
#include <cstring>
#include <string>
#include <utility>

#include "lib/http/body.h"

namespace stablecut::testing {

class ChunkedSource : public http::ByteSource {
 public:
  explicit ChunkedSource(std::string bytes, std::size_t chunk = 1000)
      : bytes_(std::move(bytes)), chunk_(chunk) {}

  absl::Status Rewind() override {
    offset_ = 0;
    ++rewinds_;
    return absl::OkStatus();
  }
  absl::StatusOr<std::size_t> Read(char* buffer, std::size_t size) override {
    std::size_t n = std::min({size, chunk_, bytes_.size() - offset_});
    std::memcpy(buffer, bytes_.data() + offset_, n);
    offset_ += n;
    return n;
  }
  std::optional<std::int64_t> size() const override { return std::nullopt; }

  int rewinds() const { return rewinds_; }

 private:
  std::string bytes_;
  std::size_t chunk_;
  std::size_t offset_ = 0;
  int rewinds_ = 0;
};

}  // namespace stablecut::testing
