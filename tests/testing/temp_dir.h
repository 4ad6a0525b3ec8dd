#pragma once
// A temporary directory for one test, removed with everything in it when the test ends.

#include <string>

#include "absl/strings/string_view.h"

namespace stablecut::testing {

class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(TempDir const&) = delete;
  TempDir& operator=(TempDir const&) = delete;

  std::string const& path() const { return path_; }
  // Writes `contents` to path()/name (mode 0600) and returns the full path.
  std::string WriteFile(absl::string_view name, absl::string_view contents) const;

 private:
  std::string path_;
};

// The whole contents of a file, or "" when it cannot be read.
std::string ReadFileOrEmpty(std::string const& path);

}  // namespace stablecut::testing
