#pragma once
// The publish pipeline: a fresh verdict, pre-flight, the audit record, the files streamed
// from the GitHub release to each target (skipping what is there), then the promotion.
// Safe to run again after any crash: every step first looks at what is already done.

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "services/publisher/audit_trail.h"
#include "services/publisher/publish_deps.h"
#include "services/publisher/pypi_credential.h"
#include "stablecut/v1/publisher.pb.h"

namespace stablecut::publisher {

struct Target {
  TargetSettings settings;
  std::unique_ptr<PypiCredential> credential;
};

struct PublishOrder {
  std::string tag;
  bool dry_run = false;
  std::vector<std::string> override_checks;
  std::string override_reason;
  std::string caller;         // the caller's identity, for the audit trail
  bool may_override = false;  // the ACL grants the caller Publish:override
};

// Thread-safe: publishes of different tags run concurrently.
class Publisher {
 public:
  using EventSink = std::function<void(v1::PublishEvent const&)>;

  // Everything referenced must outlive this.
  Publisher(PublisherSettings const& settings, Peers& peers, AssetSource& assets,
            std::vector<Target> targets, PypiFactory pypi, AuditTrail& audit,
            std::function<absl::Time()> now);

  // Runs one publish, sending events to `sink` (from several threads, one at a time) and
  // returning the final Publication. Errors: INVALID_ARGUMENT (bad tag, override without a
  // reason, unknown check), PERMISSION_DENIED (override without the right), ABORTED (a
  // publish of the tag is running), FAILED_PRECONDITION (not approved, pre-flight, a file
  // conflict, a changed asset), UNAVAILABLE (the audit trail, a peer, GitHub or PyPI), and
  // the peers' codes.
  absl::StatusOr<v1::Publication> Publish(http::CallContext const& context,
                                          PublishOrder const& order, EventSink const& sink);

  // The state rebuilt from the targets and the candidate service, plus the running publish
  // and the audit records of the tag.
  absl::StatusOr<v1::Publication> GetPublication(http::CallContext const& context,
                                                 std::string const& tag);

  // How many times one file's upload is tried when it fails for a passing reason.
  static constexpr int kMaxUploadAttempts = 3;

 private:
  struct Running {
    std::string caller;
    absl::Time since;
  };
  class Run;

  absl::Status Claim(std::string const& tag, std::string const& caller)
      ABSL_LOCKS_EXCLUDED(mu_);
  void Release(std::string const& tag) ABSL_LOCKS_EXCLUDED(mu_);

  PublisherSettings const& settings_;
  Peers& peers_;
  AssetSource& assets_;
  std::vector<Target> targets_;
  PypiFactory pypi_;
  AuditTrail& audit_;
  std::function<absl::Time()> now_;

  absl::Mutex mu_;
  std::map<std::string, Running> running_ ABSL_GUARDED_BY(mu_);
};

}  // namespace stablecut::publisher
