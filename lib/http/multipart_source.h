#pragma once
// A multipart/form-data request body streamed from form fields and one file part.

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "lib/http/body.h"

namespace stablecut::http {

class MultipartSource : public ByteSource {
 public:
  // `fields` go first, in order (repeated names allowed); the file part is last, named
  // `file_field` with `filename`, its bytes read from `file` as they are sent.
  MultipartSource(std::vector<std::pair<std::string, std::string>> const& fields,
                  std::string const& file_field, std::string const& filename,
                  std::unique_ptr<ByteSource> file);

  // The value for the Content-Type header, with the boundary.
  std::string content_type() const;

  absl::Status Rewind() override;
  absl::StatusOr<std::size_t> Read(char* buffer, std::size_t size) override;
  std::optional<std::int64_t> size() const override;

 private:
  std::string boundary_;
  std::string head_;  // the fields and the file part's headers
  std::string tail_;  // the closing boundary
  std::unique_ptr<ByteSource> file_;
  int stage_ = 0;     // 0 head, 1 file, 2 tail, 3 done
  std::size_t offset_ = 0;
};

}  // namespace stablecut::http
