#include "tests/testing/rotating_tls_files.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "absl/strings/str_cat.h"

namespace stablecut::testing {

RotatingTlsFiles::RotatingTlsFiles(std::string const& ca_pem, KeyPair const& pair) {
  WriteVersion(ca_pem, &pair);
}

std::string RotatingTlsFiles::ca_file() const { return absl::StrCat(dir_.path(), "/current/ca.pem"); }
std::string RotatingTlsFiles::cert_file() const {
  return absl::StrCat(dir_.path(), "/current/tls.crt");
}
std::string RotatingTlsFiles::key_file() const {
  return absl::StrCat(dir_.path(), "/current/tls.key");
}

void RotatingTlsFiles::Rotate(std::string const& ca_pem, KeyPair const& pair) {
  WriteVersion(ca_pem, &pair);
}

void RotatingTlsFiles::RemoveAll() { WriteVersion("", nullptr); }

void RotatingTlsFiles::WriteVersion(std::string const& ca_pem, KeyPair const* pair) {
  std::string version = absl::StrCat("v", ++version_);
  std::filesystem::create_directory(absl::StrCat(dir_.path(), "/", version));
  if (pair != nullptr) {
    dir_.WriteFile(absl::StrCat(version, "/ca.pem"), ca_pem);
    dir_.WriteFile(absl::StrCat(version, "/tls.crt"), pair->cert_pem);
    dir_.WriteFile(absl::StrCat(version, "/tls.key"), pair->key_pem);
  }
  std::string next = absl::StrCat(dir_.path(), "/current.next");
  std::filesystem::remove(next);
  std::filesystem::create_directory_symlink(version, next);
  if (std::rename(next.c_str(), absl::StrCat(dir_.path(), "/current").c_str()) != 0) {
    std::abort();  // a broken test machine, not a test result
  }
}

}  // namespace stablecut::testing
