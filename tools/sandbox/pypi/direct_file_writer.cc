// O_DIRECT file writing through an aligned staging buffer.
#include "tools/sandbox/pypi/direct_file_writer.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "absl/strings/str_cat.h"

namespace stablecut::sandbox::pypi {
namespace {

// O_DIRECT wants the buffer, the file offset and each length aligned to the device's
// logical block; 4096 covers every block size in use.
constexpr std::size_t kAlignment = 4096;
constexpr std::size_t kStagingBytes = 1 << 20;

}  // namespace

void DirectFileWriter::FreeDeleter::operator()(char* buffer) const { std::free(buffer); }

DirectFileWriter::DirectFileWriter() = default;

DirectFileWriter::~DirectFileWriter() {
  if (fd_ >= 0) ::close(fd_);
}

absl::Status DirectFileWriter::Open(std::string const& path) {
  int const flags = O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC;
  fd_ = ::open(path.c_str(), flags | O_DIRECT, 0666);
  direct_ = fd_ >= 0;
  if (fd_ < 0 && errno == EINVAL) fd_ = ::open(path.c_str(), flags, 0666);
  if (fd_ < 0) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot create upload spool file ", path, ": ", std::strerror(errno)));
  }
  staging_.reset(static_cast<char*>(std::aligned_alloc(kAlignment, kStagingBytes)));
  if (staging_ == nullptr) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot allocate a write buffer for ", path));
  }
  return absl::OkStatus();
}

bool DirectFileWriter::WriteStaged(std::size_t length) {
  std::size_t done = 0;
  while (done < length) {
    ssize_t wrote = ::write(fd_, staging_.get() + done, length - done);
    if (wrote < 0 && errno == EINTR) continue;
    if (wrote <= 0) {
      failed_ = true;
      return false;
    }
    done += static_cast<std::size_t>(wrote);
  }
  return true;
}

bool DirectFileWriter::Append(absl::string_view bytes) {
  if (failed_ || fd_ < 0) return false;
  size_ += bytes.size();
  while (!bytes.empty()) {
    std::size_t take = std::min(bytes.size(), kStagingBytes - staged_);
    std::memcpy(staging_.get() + staged_, bytes.data(), take);
    staged_ += take;
    bytes.remove_prefix(take);
    if (staged_ == kStagingBytes) {
      if (!WriteStaged(staged_)) return false;
      staged_ = 0;
    }
  }
  return true;
}

bool DirectFileWriter::Close() {
  if (fd_ < 0) return false;
  if (!failed_ && staged_ > 0) {
    std::size_t length = staged_;
    if (direct_) {
      // The last block is written whole, zero-padded, and the file cut back to its size.
      length = (staged_ + kAlignment - 1) / kAlignment * kAlignment;
      std::memset(staging_.get() + staged_, 0, length - staged_);
    }
    if (WriteStaged(length) && direct_ &&
        ::ftruncate(fd_, static_cast<off_t>(size_)) != 0) {
      failed_ = true;
    }
    staged_ = 0;
  }
  if (::close(fd_) != 0) failed_ = true;
  fd_ = -1;
  return !failed_;
}

}  // namespace stablecut::sandbox::pypi
