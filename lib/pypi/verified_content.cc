#include "lib/pypi/verified_content.h"

#include <openssl/evp.h>

#include <utility>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"

namespace stablecut::pypi {

struct VerifiedContent::Hasher {
  Hasher() { Reset(); }
  ~Hasher() { EVP_MD_CTX_free(context); }
  void Reset() { EVP_DigestInit_ex(context, EVP_sha256(), nullptr); }
  std::string HexDigest() {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    EVP_DigestFinal_ex(context, digest, &length);
    return absl::BytesToHexString(
        absl::string_view(reinterpret_cast<char const*>(digest), length));
  }
  EVP_MD_CTX* context = EVP_MD_CTX_new();
};

VerifiedContent::VerifiedContent(http::ByteSource& content, std::string filename,
                                 std::int64_t size, std::string sha256_hex)
    : content_(content),
      filename_(std::move(filename)),
      size_(size),
      sha256_hex_(absl::AsciiStrToLower(sha256_hex)),
      hasher_(std::make_unique<Hasher>()) {}

VerifiedContent::~VerifiedContent() = default;

absl::Status VerifiedContent::Rewind() {
  seen_ = 0;
  ended_ = false;
  end_ = absl::OkStatus();
  hasher_->Reset();
  return content_.Rewind();
}

absl::StatusOr<std::size_t> VerifiedContent::Read(char* buffer, std::size_t size) {
  auto n = content_.Read(buffer, size);
  if (!n.ok()) return n.status();
  if (*n == 0) {
    if (!ended_) {
      end_ = CheckEnd();
      ended_ = true;
    }
    if (!end_.ok()) return end_;
    return 0;
  }
  seen_ += static_cast<std::int64_t>(*n);
  if (seen_ > size_) {
    return absl::DataLossError(absl::StrCat("the content of ", filename_, " runs past the ",
                                            size_, " bytes stated; upload stopped"));
  }
  EVP_DigestUpdate(hasher_->context, buffer, *n);
  return n;
}

absl::Status VerifiedContent::CheckEnd() {
  if (seen_ != size_) {
    return absl::DataLossError(absl::StrCat("the content of ", filename_, " ended after ",
                                            seen_, " of the ", size_,
                                            " bytes stated; upload stopped"));
  }
  std::string actual = hasher_->HexDigest();
  if (actual != sha256_hex_) {
    return absl::DataLossError(absl::StrCat(
        "the content of ", filename_, " has sha256 ", actual, ", not the ", sha256_hex_,
        " stated; upload stopped before PyPI received the whole file"));
  }
  return absl::OkStatus();
}

}  // namespace stablecut::pypi
