#pragma once
// A credential file read again when it changes, so that a rotated token (a Kubernetes Secret
// updated in place, a file rewritten by a secret store's agent) takes effect without a
// restart, while a bad rewrite never takes away the token that works.

#include <sys/types.h>

#include <ctime>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "lib/http/secret.h"

namespace stablecut::http {

class SecretFile {
 public:
  using Clock = std::function<absl::Time()>;

  // Reads `path` now by ReadSecretFile's rules: their error when it does not pass. `role`
  // names it in logs ("the candidate service's GitHub token"). The file is looked at again
  // at most once per `recheck_interval` (positive).
  static absl::StatusOr<std::shared_ptr<SecretFile>> Open(std::string path, std::string role,
                                                          absl::Duration recheck_interval,
                                                          Clock clock = absl::Now);

  // The value of the last good read. When a recheck finds the file changed (another inode,
  // size, mtime or ctime: a rename over it, a rewrite, a chmod), it is read again; a value
  // that passes the rules replaces the old one, one that does not leaves the old one in use
  // and is logged once as a warning naming the file and the problem (never a value).
  Secret Current();

  std::string const& path() const { return path_; }

 private:
  struct Stamp {
    dev_t device;
    ino_t inode;
    off_t size;
    timespec mtime;
    timespec ctime;
  };
  static std::optional<Stamp> StampOf(std::string const& path);
  static bool Same(std::optional<Stamp> const& a, std::optional<Stamp> const& b);

  SecretFile(std::string path, std::string role, absl::Duration recheck_interval, Clock clock,
             std::optional<Stamp> stamp, Secret value);
  void Recheck() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  std::string const path_;
  std::string const role_;
  absl::Duration const recheck_interval_;
  Clock const clock_;
  absl::Mutex mu_;
  std::optional<Stamp> stamp_ ABSL_GUARDED_BY(mu_);  // of the file when last looked at
  Secret value_ ABSL_GUARDED_BY(mu_);
  absl::Time next_check_ ABSL_GUARDED_BY(mu_);
};

}  // namespace stablecut::http
