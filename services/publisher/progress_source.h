#pragma once
// A ByteSource that reports how far a stream has got, for the per-file progress events.

#include <cstdint>
#include <functional>

#include "lib/http/body.h"

namespace stablecut::publisher {

// Passes `content` through; calls `report(bytes_read)` each time another `every` bytes have
// gone, and after a Rewind (with 0). `content` must outlive this.
class ProgressSource : public http::ByteSource {
 public:
  ProgressSource(http::ByteSource& content, std::int64_t every,
                 std::function<void(std::int64_t)> report)
      : content_(content), every_(every), report_(std::move(report)) {}

  absl::Status Rewind() override;
  absl::StatusOr<std::size_t> Read(char* buffer, std::size_t size) override;
  std::optional<std::int64_t> size() const override { return content_.size(); }

 private:
  http::ByteSource& content_;
  std::int64_t every_;
  std::function<void(std::int64_t)> report_;
  std::int64_t read_ = 0;
  std::int64_t reported_ = 0;
};

}  // namespace stablecut::publisher
