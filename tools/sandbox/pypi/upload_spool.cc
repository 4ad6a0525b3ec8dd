// Streams an uploaded file to disk while computing PyPI's three digests.
#include "tools/sandbox/pypi/upload_spool.h"

#include <openssl/evp.h>

#include <algorithm>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"

namespace stablecut::sandbox::pypi {
namespace {

constexpr std::size_t kDigestSliceBytes = 64 << 10;

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
  EVP_MD_CTX_free(md5_);
  EVP_MD_CTX_free(sha256_);
}

absl::Status UploadSpool::Open() {
  if (!write_) return absl::OkStatus();
  absl::Status opened = file_.Open(path_);
  open_ = opened.ok();
  return opened;
}

bool UploadSpool::Append(absl::string_view bytes) {
  // The three digests take each slice in turn while it is still in the core's cache.
  for (std::size_t at = 0; at < bytes.size(); at += kDigestSliceBytes) {
    absl::string_view slice = bytes.substr(at, kDigestSliceBytes);
    EVP_DigestUpdate(md5_, slice.data(), slice.size());
    EVP_DigestUpdate(sha256_, slice.data(), slice.size());
    blake2_.Update(slice);
  }
  std::uint64_t before = size_;
  size_ += bytes.size();
  if (!write_) return true;
  if (!open_) return false;
  if (before >= max_size_) return true;
  std::size_t to_write = static_cast<std::size_t>(
      std::min<std::uint64_t>(bytes.size(), max_size_ - before));
  return file_.Append(bytes.substr(0, to_write));
}

FileDigests UploadSpool::Finish() {
  if (open_) {
    write_failed_ = !file_.Close();
    open_ = false;
  }
  FileDigests digests;
  digests.md5 = FinishHex(md5_);
  digests.sha256 = FinishHex(sha256_);
  digests.blake2_256 = blake2_.FinishHex();
  return digests;
}

}  // namespace stablecut::sandbox::pypi
