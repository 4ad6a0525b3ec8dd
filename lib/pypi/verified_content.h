#pragma once
// A wheel's bytes as they stream into an upload, checked against the size and sha256 the
// caller stated, so a wrong file is cut off before its last byte instead of published.

#include <cstdint>
#include <memory>
#include <string>

#include "lib/http/body.h"

namespace stablecut::pypi {

// Passes `content` through unchanged while counting and hashing it. Reports `size` as its
// length (so the upload has a Content-Length even when `content` does not know its own).
// At the end of `content` (and as soon as it runs past `size`) it checks what it saw:
// DATA_LOSS naming `filename` when the byte count or the sha256 differ, in place of the
// end. The check runs before the multipart body's closing boundary is sent, so the server
// sees a body that stops short and stores nothing.
class VerifiedContent : public http::ByteSource {
 public:
  // `content` must outlive this. `sha256_hex` is compared case-insensitively.
  VerifiedContent(http::ByteSource& content, std::string filename, std::int64_t size,
                  std::string sha256_hex);
  ~VerifiedContent() override;

  absl::Status Rewind() override;
  absl::StatusOr<std::size_t> Read(char* buffer, std::size_t size) override;
  std::optional<std::int64_t> size() const override { return size_; }

 private:
  absl::Status CheckEnd();

  http::ByteSource& content_;
  std::string filename_;
  std::int64_t size_;
  std::string sha256_hex_;  // lowercase
  std::int64_t seen_ = 0;
  bool ended_ = false;  // the end was reached and checked once: end_ is the verdict
  absl::Status end_;
  struct Hasher;
  std::unique_ptr<Hasher> hasher_;
};

}  // namespace stablecut::pypi
