#pragma once
// The state directory: state.json (rewritten atomically after each change) and blobs/.

#include <memory>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "tools/sandbox/state.h"

namespace stablecut::sandbox {

class StateStore {
 public:
  // Creates `dir` (and dir/blobs) when missing and loads dir/state.json when present.
  static absl::StatusOr<std::unique_ptr<StateStore>> Open(std::string dir);

  // True when there was no state.json to load: the directory is new and may be seeded.
  bool fresh() const { return fresh_; }
  std::string const& dir() const { return dir_; }

  absl::Mutex& mu() ABSL_LOCK_RETURNED(mu_) { return mu_; }
  State& state() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return state_; }

  // Writes state.json (temporary file + rename, so a crash leaves the old or the new one).
  absl::Status Save() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Replaces the whole state and deletes every blob, then saves.
  absl::Status Replace(State state) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  // Where the bytes of asset `asset_id` live; a fresh path for an upload in progress.
  std::string BlobPath(int64_t asset_id) const;
  std::string TemporaryBlobPath() const;

 private:
  explicit StateStore(std::string dir) : dir_(std::move(dir)) {}

  std::string dir_;
  bool fresh_ = true;
  absl::Mutex mu_;
  State state_ ABSL_GUARDED_BY(mu_);
};

// Writes `contents` to `path` through a temporary file and a rename.
absl::Status WriteFileAtomically(std::string const& path, std::string const& contents);

}  // namespace stablecut::sandbox
