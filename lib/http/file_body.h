#pragma once
// Request and response bodies backed by files and memory, and a sha256 computed on the way.

#include <cstdio>
#include <memory>
#include <string>

#include "lib/http/body.h"

namespace stablecut::http {

// Streams a file as a request body.
class FileSource : public ByteSource {
 public:
  // NOT_FOUND / INVALID_ARGUMENT naming the path when it cannot be opened.
  static absl::StatusOr<std::unique_ptr<FileSource>> Open(std::string const& path);
  ~FileSource() override;

  absl::Status Rewind() override;
  absl::StatusOr<std::size_t> Read(char* buffer, std::size_t size) override;
  std::optional<std::int64_t> size() const override { return size_; }

 private:
  FileSource(std::string path, std::FILE* file, std::int64_t size)
      : path_(std::move(path)), file_(file), size_(size) {}
  std::string path_;
  std::FILE* file_;
  std::int64_t size_;
};

// A request body held in memory (small bodies: JSON, form fields).
class StringSource : public ByteSource {
 public:
  explicit StringSource(std::string bytes) : bytes_(std::move(bytes)) {}
  absl::Status Rewind() override;
  absl::StatusOr<std::size_t> Read(char* buffer, std::size_t size) override;
  std::optional<std::int64_t> size() const override {
    return static_cast<std::int64_t>(bytes_.size());
  }

 private:
  std::string bytes_;
  std::size_t offset_ = 0;
};

// Collects a (small) response body in memory; Reset() empties it.
class StringSink : public ByteSink {
 public:
  absl::Status Reset() override;
  absl::Status Write(absl::string_view bytes) override;
  std::string const& bytes() const { return bytes_; }

 private:
  std::string bytes_;
};

// Writes a response body to a file (truncated on Reset), so downloads never sit in memory.
class FileSink : public ByteSink {
 public:
  static absl::StatusOr<std::unique_ptr<FileSink>> Create(std::string const& path);
  ~FileSink() override;

  absl::Status Reset() override;
  absl::Status Write(absl::string_view bytes) override;
  // Flushes to the file; call before reading it back.
  absl::Status Close();
  std::int64_t bytes_written() const { return bytes_written_; }

 private:
  FileSink(std::string path, std::FILE* file) : path_(std::move(path)), file_(file) {}
  std::string path_;
  std::FILE* file_;
  std::int64_t bytes_written_ = 0;
};

// Passes bytes on to another sink while computing their sha256.
class Sha256Sink : public ByteSink {
 public:
  explicit Sha256Sink(ByteSink& next);
  ~Sha256Sink() override;

  absl::Status Reset() override;
  absl::Status Write(absl::string_view bytes) override;
  // Lower-case hex digest of everything written since the last Reset.
  std::string HexDigest();

 private:
  ByteSink& next_;
  struct Hasher;
  std::unique_ptr<Hasher> hasher_;
};

// The lower-case hex sha256 and md5 of a file, read in chunks.
struct FileDigests {
  std::string sha256;
  std::string md5;
  std::int64_t size = 0;
};
absl::StatusOr<FileDigests> DigestFile(std::string const& path);

}  // namespace stablecut::http
