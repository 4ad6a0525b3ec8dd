#include "services/publisher/progress_source.h"

namespace stablecut::publisher {

absl::Status ProgressSource::Rewind() {
  auto status = content_.Rewind();
  read_ = 0;
  reported_ = 0;
  if (status.ok()) report_(0);
  return status;
}

absl::StatusOr<std::size_t> ProgressSource::Read(char* buffer, std::size_t size) {
  auto n = content_.Read(buffer, size);
  if (!n.ok()) return n;
  read_ += static_cast<std::int64_t>(*n);
  if (read_ - reported_ >= every_) {
    reported_ = read_;
    report_(read_);
  }
  return n;
}

}  // namespace stablecut::publisher
