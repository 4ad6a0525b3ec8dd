#pragma once
// Writes an uploaded file part to disk as it arrives, hashing it (md5, sha256, blake2_256)
// and counting its size, so no upload is ever held in memory.

#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "tools/sandbox/pypi/blake2b.h"
#include "tools/sandbox/pypi/direct_file_writer.h"

typedef struct evp_md_ctx_st EVP_MD_CTX;

namespace stablecut::sandbox::pypi {

struct FileDigests {
  std::string md5;         // lowercase hex
  std::string sha256;      // lowercase hex
  std::string blake2_256;  // lowercase hex
};

class UploadSpool {
 public:
  // Bytes past `max_size` are hashed but not written; too_large() then reports it. With
  // !`write`, nothing is written at all (the bytes are only counted and hashed).
  UploadSpool(std::string path, std::uint64_t max_size, bool write = true);
  ~UploadSpool();
  UploadSpool(UploadSpool const&) = delete;
  UploadSpool& operator=(UploadSpool const&) = delete;

  // Opens the file; FAILED_PRECONDITION naming the path when it cannot be created.
  absl::Status Open();
  // False when the disk write failed.
  bool Append(absl::string_view bytes);
  // Closes the file and returns the digests of every byte appended.
  FileDigests Finish();
  // True when the last of the file could not be written as Finish() closed it.
  bool write_failed() const { return write_failed_; }

  std::string const& path() const { return path_; }
  std::uint64_t size() const { return size_; }
  bool too_large() const { return size_ > max_size_; }

 private:
  std::string path_;
  std::uint64_t max_size_;
  bool write_;
  std::uint64_t size_ = 0;
  DirectFileWriter file_;
  bool open_ = false;
  bool write_failed_ = false;
  EVP_MD_CTX* md5_ = nullptr;
  EVP_MD_CTX* sha256_ = nullptr;
  Blake2b256 blake2_;
};

}  // namespace stablecut::sandbox::pypi
