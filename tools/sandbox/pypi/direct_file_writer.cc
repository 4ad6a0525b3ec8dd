// O_DIRECT file writing through aligned buffers and a writer thread.
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
constexpr std::size_t kBufferBytes = 1 << 20;
constexpr std::size_t kBuffers = 4;

}  // namespace

void DirectFileWriter::FreeDeleter::operator()(char* buffer) const { std::free(buffer); }

DirectFileWriter::DirectFileWriter() = default;

DirectFileWriter::~DirectFileWriter() {
  StopWriter();
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
  for (std::size_t i = 0; i < kBuffers; ++i) {
    buffers_.emplace_back(static_cast<char*>(std::aligned_alloc(kAlignment, kBufferBytes)));
    if (buffers_.back() == nullptr) {
      ::close(fd_);
      fd_ = -1;
      return absl::FailedPreconditionError(
          absl::StrCat("cannot allocate a write buffer for ", path));
    }
  }
  {
    absl::MutexLock lock(&mu_);
    for (std::size_t i = 1; i < kBuffers; ++i) free_.push_back(i);
  }
  current_ = 0;
  writer_ = std::thread([this] { WriterLoop(); });
  return absl::OkStatus();
}

bool DirectFileWriter::WriteAll(char const* data, std::size_t length) {
  std::size_t done = 0;
  while (done < length) {
    ssize_t wrote = ::write(fd_, data + done, length - done);
    if (wrote < 0 && errno == EINTR) continue;
    if (wrote <= 0) return false;
    done += static_cast<std::size_t>(wrote);
  }
  return true;
}

void DirectFileWriter::WriterLoop() {
  while (true) {
    Pending next{};
    {
      absl::MutexLock lock(&mu_);
      mu_.Await(absl::Condition(
          +[](DirectFileWriter* w) ABSL_EXCLUSIVE_LOCKS_REQUIRED(w->mu_) {
            return !w->queue_.empty() || w->stopping_;
          },
          this));
      if (queue_.empty()) return;  // stopping, and everything queued is written
      next = queue_.front();
      queue_.pop_front();
      if (failed_) {  // after a failed write nothing more is written
        free_.push_back(next.buffer);
        continue;
      }
    }
    bool const ok = WriteAll(buffers_[next.buffer].get(), next.length);
    absl::MutexLock lock(&mu_);
    if (!ok) failed_ = true;
    free_.push_back(next.buffer);
  }
}

bool DirectFileWriter::Submit(std::size_t length) {
  absl::MutexLock lock(&mu_);
  if (failed_) return false;
  queue_.push_back({current_, length});
  mu_.Await(absl::Condition(
      +[](DirectFileWriter* w) ABSL_EXCLUSIVE_LOCKS_REQUIRED(w->mu_) {
        return !w->free_.empty() || w->failed_;
      },
      this));
  if (free_.empty()) return false;
  current_ = free_.back();
  free_.pop_back();
  return !failed_;
}

bool DirectFileWriter::Append(absl::string_view bytes) {
  if (fd_ < 0) return false;  // not open (the writer runs exactly while it is)
  {
    absl::MutexLock lock(&mu_);
    if (failed_) return false;
  }
  size_ += bytes.size();
  while (!bytes.empty()) {
    std::size_t take = std::min(bytes.size(), kBufferBytes - staged_);
    std::memcpy(buffers_[current_].get() + staged_, bytes.data(), take);
    staged_ += take;
    bytes.remove_prefix(take);
    if (staged_ == kBufferBytes) {
      staged_ = 0;
      if (!Submit(kBufferBytes)) return false;
    }
  }
  return true;
}

void DirectFileWriter::StopWriter() {
  if (!writer_.joinable()) return;
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  writer_.join();
}

bool DirectFileWriter::Close() {
  if (fd_ < 0) return false;
  bool submitted = true;
  if (staged_ > 0) {
    std::size_t length = staged_;
    if (direct_) {
      // The last block is written whole, zero-padded, and the file cut back to its size.
      length = (staged_ + kAlignment - 1) / kAlignment * kAlignment;
      std::memset(buffers_[current_].get() + staged_, 0, length - staged_);
    }
    staged_ = 0;
    absl::MutexLock lock(&mu_);
    if (failed_) {
      submitted = false;
    } else {
      queue_.push_back({current_, length});
    }
  }
  StopWriter();
  bool failed = !submitted;
  {
    absl::MutexLock lock(&mu_);
    failed = failed || failed_;
  }
  if (!failed && direct_ && ::ftruncate(fd_, static_cast<off_t>(size_)) != 0) failed = true;
  if (::close(fd_) != 0) failed = true;
  fd_ = -1;
  return !failed;
}

}  // namespace stablecut::sandbox::pypi
