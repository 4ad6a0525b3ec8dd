#pragma once
// The publish audit trail: an append-only file of JSON lines, each fsynced before Append
// returns, so a record a publish relied on survives a crash or a power cut.

#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"

namespace stablecut::publisher {

// Thread-safe; several processes appending to one file is not supported (the publisher
// runs as one replica).
class AuditTrail {
 public:
  explicit AuditTrail(std::string path) : path_(std::move(path)) {}

  // Appends `json_object` (one JSON object, no newline) as a line and fsyncs the file.
  // Also logs it as one structured line. UNAVAILABLE naming the file when it cannot be
  // written in full: the caller must not go on.
  absl::Status Append(std::string const& json_object) ABSL_LOCKS_EXCLUDED(mu_);

  // The lines whose "tag" is `tag`, oldest first. A line that does not parse (a record
  // cut short by a crash) is skipped. UNAVAILABLE when the file cannot be read.
  absl::StatusOr<std::vector<std::string>> RecordsFor(std::string const& tag) const
      ABSL_LOCKS_EXCLUDED(mu_);

  std::string const& path() const { return path_; }

 private:
  std::string path_;
  mutable absl::Mutex mu_;
};

}  // namespace stablecut::publisher
