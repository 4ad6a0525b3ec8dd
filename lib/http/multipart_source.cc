#include "lib/http/multipart_source.h"

#include <cstring>
#include <random>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"

namespace stablecut::http {
namespace {

std::string RandomBoundary() {
  static constexpr char kAlphabet[] =
      "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
  std::random_device device;
  std::string boundary = "stablecut-";
  for (int i = 0; i < 32; ++i) boundary += kAlphabet[device() % (sizeof(kAlphabet) - 1)];
  return boundary;
}

// Quotes a name for a Content-Disposition parameter (RFC 7578 §2: escape " and CR LF).
std::string Quoted(absl::string_view text) {
  return absl::StrCat("\"",
                      absl::StrReplaceAll(text, {{"\"", "%22"}, {"\r", "%0D"}, {"\n", "%0A"}}),
                      "\"");
}

}  // namespace

MultipartSource::MultipartSource(std::vector<std::pair<std::string, std::string>> const& fields,
                                 std::string const& file_field, std::string const& filename,
                                 std::unique_ptr<ByteSource> file)
    : boundary_(RandomBoundary()), file_(std::move(file)) {
  for (auto const& [name, value] : fields) {
    absl::StrAppend(&head_, "--", boundary_, "\r\nContent-Disposition: form-data; name=",
                    Quoted(name), "\r\n\r\n", value, "\r\n");
  }
  absl::StrAppend(&head_, "--", boundary_, "\r\nContent-Disposition: form-data; name=",
                  Quoted(file_field), "; filename=", Quoted(filename),
                  "\r\nContent-Type: application/octet-stream\r\n\r\n");
  tail_ = absl::StrCat("\r\n--", boundary_, "--\r\n");
}

std::string MultipartSource::content_type() const {
  return absl::StrCat("multipart/form-data; boundary=", boundary_);
}

absl::Status MultipartSource::Rewind() {
  stage_ = 0;
  offset_ = 0;
  return file_->Rewind();
}

absl::StatusOr<std::size_t> MultipartSource::Read(char* buffer, std::size_t size) {
  while (stage_ < 3) {
    if (stage_ == 1) {
      auto n = file_->Read(buffer, size);
      if (!n.ok() || *n > 0) return n;
      stage_ = 2;
      offset_ = 0;
      continue;
    }
    std::string const& part = stage_ == 0 ? head_ : tail_;
    if (offset_ < part.size()) {
      std::size_t n = std::min(size, part.size() - offset_);
      std::memcpy(buffer, part.data() + offset_, n);
      offset_ += n;
      return n;
    }
    ++stage_;
    offset_ = 0;
  }
  return 0;
}

std::optional<std::int64_t> MultipartSource::size() const {
  auto file_size = file_->size();
  if (!file_size) return std::nullopt;
  return static_cast<std::int64_t>(head_.size() + tail_.size()) + *file_size;
}

}  // namespace stablecut::http
