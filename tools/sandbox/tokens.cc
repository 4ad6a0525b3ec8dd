// Creates, stores and checks the sandbox's tokens.
#include "tools/sandbox/tokens.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <vector>

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include "absl/strings/escaping.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace stablecut::sandbox {
namespace {

absl::StatusOr<std::string> ReadOrCreate(std::string const& path, std::string const& fresh) {
  std::ifstream in(path);
  if (in) {
    std::stringstream contents;
    contents << in.rdbuf();
    std::string value(absl::StripAsciiWhitespace(contents.str()));
    if (!value.empty()) return value;
  }
  int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (fd < 0) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot create token file ", path, ": ", std::strerror(errno)));
  }
  fchmod(fd, 0600);
  std::string line = fresh + "\n";
  bool written = write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size());
  close(fd);
  if (!written) return absl::DataLossError(absl::StrCat("cannot write token file ", path));
  return fresh;
}

bool SameSecret(absl::string_view a, std::string const& b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace

std::string RandomHex(int bytes) {
  std::vector<unsigned char> raw(bytes);
  RAND_bytes(raw.data(), bytes);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : raw) {
    out.push_back(kHex[c >> 4]);
    out.push_back(kHex[c & 15]);
  }
  return out;
}

absl::StatusOr<Tokens> Tokens::LoadOrCreate(std::string const& state_dir) {
  Tokens tokens;
  // Shapes like the real ones: classic PATs start "ghp_", PyPI API tokens "pypi-".
  auto write = ReadOrCreate(state_dir + "/github-write.token", "ghp_" + RandomHex(18));
  if (!write.ok()) return write.status();
  auto read = ReadOrCreate(state_dir + "/github-read.token", "ghp_" + RandomHex(18));
  if (!read.ok()) return read.status();
  auto pypi = ReadOrCreate(state_dir + "/pypi-upload.token", "pypi-" + RandomHex(32));
  if (!pypi.ok()) return pypi.status();
  tokens.github_write_ = *write;
  tokens.github_read_ = *read;
  tokens.pypi_upload_ = *pypi;
  return tokens;
}

Access Tokens::Classify(absl::string_view authorization) const {
  if (authorization.empty()) return Access::kAnonymous;
  absl::string_view value = authorization;
  if (absl::StartsWithIgnoreCase(value, "bearer ")) {
    value.remove_prefix(7);
  } else if (absl::StartsWithIgnoreCase(value, "token ")) {
    value.remove_prefix(6);
  } else {
    return Access::kBadCredentials;
  }
  value = absl::StripAsciiWhitespace(value);
  if (SameSecret(value, github_write_)) return Access::kWrite;
  if (SameSecret(value, github_read_)) return Access::kRead;
  return Access::kBadCredentials;
}

std::string Tokens::CredentialName(absl::string_view authorization) const {
  if (authorization.empty()) return "";
  absl::string_view value = authorization;
  if (absl::StartsWithIgnoreCase(value, "basic ")) {
    std::string decoded;
    if (!absl::Base64Unescape(absl::StripAsciiWhitespace(value.substr(6)), &decoded)) {
      return "other";
    }
    absl::string_view pair = decoded;
    auto colon = pair.find(':');
    if (colon == absl::string_view::npos || pair.substr(0, colon) != "__token__") return "other";
    return SameSecret(pair.substr(colon + 1), pypi_upload_) ? "pypi-upload" : "other";
  }
  switch (Classify(authorization)) {
    case Access::kWrite:
      return "github-write";
    case Access::kRead:
      return "github-read";
    default:
      return "other";
  }
}

}  // namespace stablecut::sandbox
