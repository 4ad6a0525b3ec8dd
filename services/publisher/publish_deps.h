#pragma once
// What the publish pipeline needs from outside, as interfaces: the other Stablecut services,
// the release's assets on GitHub, and a PyPI client per target. The app wires the real ones
// (publisher_app.cc); unit tests use fakes.

#include <functional>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "lib/http/body.h"
#include "lib/http/call_context.h"
#include "lib/http/secret.h"
#include "lib/pypi/api.h"
#include "lib/wheel/metadata.h"
#include "services/publisher/publish_plan.h"
#include "services/publisher/publisher_settings.h"
#include "stablecut/v1/verifier.pb.h"

namespace stablecut::publisher {

// The verifier and the candidate service. Errors are the peers' (client::PeerError).
class Peers {
 public:
  virtual ~Peers() = default;
  virtual absl::StatusOr<v1::Verdict> Verify(http::CallContext const& context,
                                             std::string const& tag) = 0;
  virtual absl::StatusOr<v1::Candidate> GetCandidate(http::CallContext const& context,
                                                     std::string const& tag) = 0;
  // `published_files` ("<target>: <filename>") go into the comment that closes the
  // candidate's release proposal.
  virtual absl::StatusOr<v1::Candidate> Promote(
      http::CallContext const& context, std::string const& tag,
      std::vector<std::string> const& published_files) = 0;
};

// A release's files where they are (GitHub), read without a copy on disk.
class AssetSource {
 public:
  virtual ~AssetSource() = default;
  // The file's core metadata, which the upload form is built from: a wheel's
  // .dist-info/METADATA, an sdist's top-level PKG-INFO.
  virtual absl::StatusOr<wheel::Metadata> ReadMetadata(http::CallContext const& context,
                                                       PlannedFile const& file) = 0;
  // The file's bytes as they download; Rewind() starts the download over. Memory bounded
  // whatever the size. `context` must outlive the stream.
  virtual std::unique_ptr<http::ByteSource> Open(http::CallContext const& context,
                                                 PlannedFile const& file) = 0;
};

// A PyPI client for one target, carrying `token` (empty: reads only).
using PypiFactory =
    std::function<std::unique_ptr<pypi::Api>(TargetSettings const& target, http::Secret token)>;

}  // namespace stablecut::publisher
