#pragma once
// Streaming request and response bodies: nothing holds a whole file in memory.

#include <cstddef>
#include <cstdint>
#include <optional>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace stablecut::http {

// Where a response body goes as it arrives. A retried or redirected request calls Reset()
// before writing again, so a sink never holds two attempts' bytes.
class ByteSink {
 public:
  virtual ~ByteSink() = default;
  virtual absl::Status Reset() = 0;
  virtual absl::Status Write(absl::string_view bytes) = 0;
};

// Where a request body comes from. Rewind() starts over for a retry.
class ByteSource {
 public:
  virtual ~ByteSource() = default;
  virtual absl::Status Rewind() = 0;
  // Fills up to `size` bytes; 0 at the end.
  virtual absl::StatusOr<std::size_t> Read(char* buffer, std::size_t size) = 0;
  // Total size when known (sent as Content-Length), else chunked.
  virtual std::optional<std::int64_t> size() const = 0;
};

// A file read at any offset, in any order: a zip reader needs the central directory at the
// end before any member, so a remote file it reads must be fetched in ranges, not streamed.
class RandomAccessSource {
 public:
  virtual ~RandomAccessSource() = default;
  // Reads min(size, size() - offset) bytes at `offset` into `buffer` (0 at or past the end);
  // returns how many. Fewer than asked only at the end.
  virtual absl::StatusOr<std::size_t> ReadAt(std::int64_t offset, char* buffer,
                                             std::size_t size) = 0;
  virtual std::int64_t size() const = 0;
};

}  // namespace stablecut::http
