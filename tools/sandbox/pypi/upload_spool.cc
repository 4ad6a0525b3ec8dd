// Streams an uploaded file to disk while computing PyPI's three digests.
#include "tools/sandbox/pypi/upload_spool.h"

#include <openssl/evp.h>

#include <cerrno>
#include <cstring>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"

namespace stablecut::sandbox::pypi {
namespace {

constexpr std::size_t kWriteBufferBytes = 1 << 20;

std::string FinishHex(EVP_MD_CTX* context) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_DigestFinal_ex(context, digest, &length);
  return absl::BytesToHexString(
      absl::string_view(reinterpret_cast<char const*>(digest), length));
}

}  // namespace

UploadSpool::UploadSpool(std::string path, std::uint64_t max_size, bool write)
    : path_(std::move(path)), max_size_(max_size), write_(write) {
  md5_ = EVP_MD_CTX_new();
  sha256_ = EVP_MD_CTX_new();
  EVP_DigestInit_ex(md5_, EVP_md5(), nullptr);
  EVP_DigestInit_ex(sha256_, EVP_sha256(), nullptr);
}

UploadSpool::~UploadSpool() {
  if (file_ != nullptr) std::fclose(file_);
  EVP_MD_CTX_free(md5_);
  EVP_MD_CTX_free(sha256_);
}

absl::Status UploadSpool::Open() {
  if (!write_) return absl::OkStatus();
  file_ = std::fopen(path_.c_str(), "wb");
  if (file_ == nullptr) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot create upload spool file ", path_, ": ", std::strerror(errno)));
  }
  // httplib hands the body over in 4 KiB pieces; a large buffer makes one write(2) per MiB
  // instead of one per piece.
  std::setvbuf(file_, nullptr, _IOFBF, kWriteBufferBytes);
  return absl::OkStatus();
}

bool UploadSpool::Append(absl::string_view bytes) {
  EVP_DigestUpdate(md5_, bytes.data(), bytes.size());
  EVP_DigestUpdate(sha256_, bytes.data(), bytes.size());
  blake2_.Update(bytes);
  std::uint64_t before = size_;
  size_ += bytes.size();
  if (!write_) return true;
  if (before >= max_size_ || file_ == nullptr) return file_ != nullptr;
  std::size_t to_write = static_cast<std::size_t>(
      std::min<std::uint64_t>(bytes.size(), max_size_ - before));
  return std::fwrite(bytes.data(), 1, to_write, file_) == to_write;
}

FileDigests UploadSpool::Finish() {
  if (file_ != nullptr) {
    std::fclose(file_);
    file_ = nullptr;
  }
  FileDigests digests;
  digests.md5 = FinishHex(md5_);
  digests.sha256 = FinishHex(sha256_);
  digests.blake2_256 = blake2_.FinishHex();
  return digests;
}

}  // namespace stablecut::sandbox::pypi
