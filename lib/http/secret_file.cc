#include "lib/http/secret_file.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <utility>

#include "absl/strings/str_cat.h"
#include "lib/log/log.h"

namespace stablecut::http {

absl::StatusOr<std::shared_ptr<SecretFile>> SecretFile::Open(std::string path, std::string role,
                                                             absl::Duration recheck_interval,
                                                             Clock clock) {
  if (recheck_interval <= absl::ZeroDuration()) {
    return absl::InvalidArgumentError("a secret file's recheck interval must be positive");
  }
  // Stamped before it is read: a change in between is seen by the first recheck.
  auto stamp = StampOf(path);
  auto value = ReadSecretFile(path);
  if (!value.ok()) return value.status();
  return std::shared_ptr<SecretFile>(new SecretFile(std::move(path), std::move(role),
                                                    recheck_interval, std::move(clock), stamp,
                                                    *std::move(value)));
}

SecretFile::SecretFile(std::string path, std::string role, absl::Duration recheck_interval,
                       Clock clock, std::optional<Stamp> stamp, Secret value)
    : path_(std::move(path)),
      role_(std::move(role)),
      recheck_interval_(recheck_interval),
      clock_(std::move(clock)),
      stamp_(stamp),
      value_(std::move(value)),
      next_check_(clock_() + recheck_interval_) {}

Secret SecretFile::Current() {
  absl::MutexLock lock(&mu_);
  if (clock_() >= next_check_) Recheck();
  return value_;
}

void SecretFile::Recheck() {
  next_check_ = clock_() + recheck_interval_;
  auto stamp = StampOf(path_);
  if (Same(stamp, stamp_)) return;
  stamp_ = stamp;
  // stat() follows symlinks, as the read does: a Kubernetes volume's swapped "..data" link
  // shows as another inode.
  auto value = ReadSecretFile(path_);
  if (!value.ok()) {
    log::Event(log::Level::kWarn, "secret file unusable",
               {{"role", role_},
                {"file", path_},
                {"problem", std::string(value.status().message())},
                {"action", "keeping the value read before"}});
    return;
  }
  if (value->Reveal() == value_.Reveal()) return;
  value_ = *std::move(value);
  log::Event(log::Level::kInfo, "secret file reread", {{"role", role_}, {"file", path_}});
}

std::optional<SecretFile::Stamp> SecretFile::StampOf(std::string const& path) {
  struct stat info {};
  if (stat(path.c_str(), &info) != 0) return std::nullopt;
  return Stamp{info.st_dev, info.st_ino, info.st_size, info.st_mtim, info.st_ctim};
}

bool SecretFile::Same(std::optional<Stamp> const& a, std::optional<Stamp> const& b) {
  if (!a || !b) return !a && !b;
  auto same_time = [](timespec const& x, timespec const& y) {
    return x.tv_sec == y.tv_sec && x.tv_nsec == y.tv_nsec;
  };
  return a->device == b->device && a->inode == b->inode && a->size == b->size &&
         same_time(a->mtime, b->mtime) && same_time(a->ctime, b->ctime);
}

}  // namespace stablecut::http
