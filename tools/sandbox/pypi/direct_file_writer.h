#pragma once
// Writes a new file without filling the page cache: bytes are staged in an aligned 1 MiB
// buffer and written with O_DIRECT, the last block padded and the file then cut to size.
// Why: on the virtual machines the sandbox runs on, every page the kernel newly allocates
// costs ~4 ms a MiB of system time (measured: 256 MiB written through the page cache took
// 1.0 s of CPU, with O_DIRECT 0.02 s), which made writing an upload cost as much CPU as
// its three digests. An uploaded file is read back rarely (a download, pip), and then
// from the disk. Where O_DIRECT is refused (tmpfs), the file is written the ordinary way.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace stablecut::sandbox::pypi {

class DirectFileWriter {
 public:
  DirectFileWriter();
  ~DirectFileWriter();
  DirectFileWriter(DirectFileWriter const&) = delete;
  DirectFileWriter& operator=(DirectFileWriter const&) = delete;

  // Creates (or empties) `path`; FAILED_PRECONDITION naming it and the reason.
  absl::Status Open(std::string const& path);
  // False once a write failed; then nothing more is written.
  bool Append(absl::string_view bytes);
  // Writes what is staged and closes the file; false when any write failed.
  bool Close();

  std::uint64_t size() const { return size_; }
  bool direct() const { return direct_; }

 private:
  bool WriteStaged(std::size_t length);

  struct FreeDeleter {
    void operator()(char* buffer) const;
  };
  std::unique_ptr<char, FreeDeleter> staging_;
  std::size_t staged_ = 0;
  std::uint64_t size_ = 0;
  int fd_ = -1;
  bool direct_ = false;
  bool failed_ = false;
};

}  // namespace stablecut::sandbox::pypi
