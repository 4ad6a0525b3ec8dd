#include "lib/http/file_body.h"

#include <openssl/evp.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"

namespace stablecut::http {
namespace {

constexpr std::size_t kChunk = 64 * 1024;

absl::Status FileError(absl::string_view what, std::string const& path) {
  return absl::InvalidArgumentError(
      absl::StrCat("cannot ", what, " \"", path, "\": ", std::strerror(errno)));
}

std::string Hex(unsigned char const* digest, unsigned int length) {
  return absl::BytesToHexString(
      absl::string_view(reinterpret_cast<char const*>(digest), length));
}

}  // namespace

absl::StatusOr<std::unique_ptr<FileSource>> FileSource::Open(std::string const& path) {
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) {
    if (errno == ENOENT) return absl::NotFoundError(absl::StrCat("no file \"", path, "\""));
    return FileError("open", path);
  }
  if (std::fseek(file, 0, SEEK_END) != 0) {
    std::fclose(file);
    return FileError("seek in", path);
  }
  long size = std::ftell(file);
  std::rewind(file);
  return std::unique_ptr<FileSource>(new FileSource(path, file, size));
}

FileSource::~FileSource() { std::fclose(file_); }

absl::Status FileSource::Rewind() {
  if (std::fseek(file_, 0, SEEK_SET) != 0) return FileError("rewind", path_);
  return absl::OkStatus();
}

absl::StatusOr<std::size_t> FileSource::Read(char* buffer, std::size_t size) {
  std::size_t n = std::fread(buffer, 1, size, file_);
  if (n == 0 && std::ferror(file_)) return FileError("read", path_);
  return n;
}

absl::Status StringSource::Rewind() {
  offset_ = 0;
  return absl::OkStatus();
}

absl::StatusOr<std::size_t> StringSource::Read(char* buffer, std::size_t size) {
  std::size_t n = std::min(size, bytes_.size() - offset_);
  std::memcpy(buffer, bytes_.data() + offset_, n);
  offset_ += n;
  return n;
}

absl::Status StringSink::Reset() {
  bytes_.clear();
  return absl::OkStatus();
}

absl::Status StringSink::Write(absl::string_view bytes) {
  bytes_.append(bytes.data(), bytes.size());
  return absl::OkStatus();
}

absl::StatusOr<std::unique_ptr<FileSink>> FileSink::Create(std::string const& path) {
  std::FILE* file = std::fopen(path.c_str(), "wb");
  if (file == nullptr) return FileError("create", path);
  return std::unique_ptr<FileSink>(new FileSink(path, file));
}

FileSink::~FileSink() {
  if (file_ != nullptr) std::fclose(file_);
}

absl::Status FileSink::Reset() {
  if (file_ == nullptr) return absl::FailedPreconditionError("file sink already closed");
  std::fflush(file_);
  if (std::freopen(path_.c_str(), "wb", file_) == nullptr) {
    file_ = nullptr;
    return FileError("truncate", path_);
  }
  bytes_written_ = 0;
  return absl::OkStatus();
}

absl::Status FileSink::Write(absl::string_view bytes) {
  if (file_ == nullptr) return absl::FailedPreconditionError("file sink already closed");
  if (std::fwrite(bytes.data(), 1, bytes.size(), file_) != bytes.size()) {
    return FileError("write", path_);
  }
  bytes_written_ += static_cast<std::int64_t>(bytes.size());
  return absl::OkStatus();
}

absl::Status FileSink::Close() {
  if (file_ == nullptr) return absl::OkStatus();
  int result = std::fclose(file_);
  file_ = nullptr;
  if (result != 0) return FileError("close", path_);
  return absl::OkStatus();
}

struct Sha256Sink::Hasher {
  EVP_MD_CTX* context = EVP_MD_CTX_new();
  ~Hasher() { EVP_MD_CTX_free(context); }
};

Sha256Sink::Sha256Sink(ByteSink& next) : next_(next), hasher_(std::make_unique<Hasher>()) {
  EVP_DigestInit_ex(hasher_->context, EVP_sha256(), nullptr);
}

Sha256Sink::~Sha256Sink() = default;

absl::Status Sha256Sink::Reset() {
  EVP_DigestInit_ex(hasher_->context, EVP_sha256(), nullptr);
  return next_.Reset();
}

absl::Status Sha256Sink::Write(absl::string_view bytes) {
  EVP_DigestUpdate(hasher_->context, bytes.data(), bytes.size());
  return next_.Write(bytes);
}

std::string Sha256Sink::HexDigest() {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  // Finalize a copy, so the running hash can continue.
  EVP_MD_CTX* copy = EVP_MD_CTX_new();
  EVP_MD_CTX_copy_ex(copy, hasher_->context);
  EVP_DigestFinal_ex(copy, digest, &length);
  EVP_MD_CTX_free(copy);
  return Hex(digest, length);
}

absl::StatusOr<FileDigests> DigestFile(std::string const& path) {
  auto source = FileSource::Open(path);
  if (!source.ok()) return source.status();
  EVP_MD_CTX* sha256 = EVP_MD_CTX_new();
  EVP_MD_CTX* md5 = EVP_MD_CTX_new();
  EVP_DigestInit_ex(sha256, EVP_sha256(), nullptr);
  EVP_DigestInit_ex(md5, EVP_md5(), nullptr);
  std::vector<char> buffer(kChunk);
  FileDigests digests;
  while (true) {
    auto n = (*source)->Read(buffer.data(), buffer.size());
    if (!n.ok()) {
      EVP_MD_CTX_free(sha256);
      EVP_MD_CTX_free(md5);
      return n.status();
    }
    if (*n == 0) break;
    EVP_DigestUpdate(sha256, buffer.data(), *n);
    EVP_DigestUpdate(md5, buffer.data(), *n);
    digests.size += static_cast<std::int64_t>(*n);
  }
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_DigestFinal_ex(sha256, digest, &length);
  digests.sha256 = Hex(digest, length);
  EVP_DigestFinal_ex(md5, digest, &length);
  digests.md5 = Hex(digest, length);
  EVP_MD_CTX_free(sha256);
  EVP_MD_CTX_free(md5);
  return digests;
}

}  // namespace stablecut::http
