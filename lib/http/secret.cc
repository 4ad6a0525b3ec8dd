#include "lib/http/secret.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "lib/log/secret_scrubber.h"

namespace stablecut::http {
namespace {

constexpr std::size_t kMaxSecretBytes = 64 * 1024;

// kubelet writes a Secret volume's files owned by root, group the pod's fsGroup, and adds
// group read to the volume's defaultMode (0400 becomes 0440), so that a non-root pod can read
// them (Kubernetes' volume ownership rules, pkg/volume/volume_linux.go). That one layout is
// accepted as "this service alone": read-only to a group this process belongs to, not group
// 0, owned by root or this user, nothing for others. deploy/kubernetes mounts tokens so.
bool IsPodSecretLayout(struct stat const& info) {
  if ((info.st_mode & (S_IWGRP | S_IXGRP | S_IRWXO)) != 0) return false;
  if (info.st_gid == 0 || (info.st_uid != 0 && info.st_uid != geteuid())) return false;
  if (info.st_gid == getegid()) return true;
  std::vector<gid_t> groups(static_cast<std::size_t>(std::max(getgroups(0, nullptr), 0)));
  int count = getgroups(static_cast<int>(groups.size()), groups.data());
  return count > 0 && std::find(groups.begin(), groups.begin() + count, info.st_gid) !=
                          groups.begin() + count;
}

absl::Status FileProblem(std::string const& path, absl::string_view problem) {
  return absl::InvalidArgumentError(absl::StrCat("the secret file \"", path, "\" ", problem));
}

}  // namespace

Secret::Secret(std::string value) : value_(std::move(value)) { log::RegisterSecret(value_); }

std::ostream& operator<<(std::ostream& os, Secret const&) { return os << "[redacted]"; }

absl::StatusOr<Secret> ReadSecretFile(std::string const& path) {
  // Opened once and checked through the descriptor, so the file checked is the file read.
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("cannot read the secret file \"", path, "\": ", std::strerror(errno)));
  }
  std::string value;
  struct stat info {};
  absl::Status problem;
  if (fstat(fd, &info) != 0) {
    problem = FileProblem(path, absl::StrCat("cannot be examined: ", std::strerror(errno)));
  } else if (!S_ISREG(info.st_mode)) {
    problem = FileProblem(path, "is not a regular file; point the config at the file itself");
  } else if ((info.st_mode & (S_IRWXG | S_IRWXO)) != 0 && !IsPodSecretLayout(info)) {
    problem = FileProblem(
        path, absl::StrFormat("is open to group or others (mode %04o); make it readable by "
                              "this service's user alone (chmod 600, or a Kubernetes Secret "
                              "with defaultMode 0400)",
                              info.st_mode & 07777));
  } else if (static_cast<std::size_t>(info.st_size) > kMaxSecretBytes) {
    problem = FileProblem(
        path, absl::StrCat("is larger than ", kMaxSecretBytes, " bytes; is it the right file?"));
  } else {
    char buffer[4096];
    ssize_t got;
    while ((got = read(fd, buffer, sizeof buffer)) > 0 && value.size() <= kMaxSecretBytes) {
      value.append(buffer, static_cast<std::size_t>(got));
    }
    if (got < 0) {
      problem = FileProblem(path, absl::StrCat("cannot be read: ", std::strerror(errno)));
    }
  }
  close(fd);
  if (!problem.ok()) return problem;
  if (value.size() > kMaxSecretBytes) {
    return FileProblem(
        path, absl::StrCat("is larger than ", kMaxSecretBytes, " bytes; is it the right file?"));
  }
  std::string trimmed(absl::StripAsciiWhitespace(value));
  if (trimmed.empty()) return FileProblem(path, "is empty");
  // A line break inside a token would end the Authorization header and start another one.
  for (char c : trimmed) {
    auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7f) {
      return FileProblem(path,
                         "holds a control character (a line break, tab or similar) inside the "
                         "token; a token is one line of printable characters");
    }
  }
  return Secret(std::move(trimmed));
}

}  // namespace stablecut::http
