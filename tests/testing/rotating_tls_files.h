#pragma once
// A CA, certificate and key laid out as a Kubernetes Secret volume lays them out: the files
// sit in a versioned directory that one symlink, `current`, points to, and a rotation writes
// the next version and swaps the symlink, so a reader never sees a new key beside an old
// certificate.

#include <string>

#include "tests/testing/temp_dir.h"
#include "tests/testing/test_ca.h"

namespace stablecut::testing {

class RotatingTlsFiles {
 public:
  RotatingTlsFiles(std::string const& ca_pem, KeyPair const& pair);

  std::string ca_file() const;    // <dir>/current/ca.pem
  std::string cert_file() const;  // <dir>/current/tls.crt
  std::string key_file() const;   // <dir>/current/tls.key

  // Writes the next version and points `current` at it in one rename.
  void Rotate(std::string const& ca_pem, KeyPair const& pair);
  // Points `current` at an empty version: every file is gone.
  void RemoveAll();

 private:
  void WriteVersion(std::string const& ca_pem, KeyPair const* pair);

  TempDir dir_;
  int version_ = 0;
};

}  // namespace stablecut::testing
