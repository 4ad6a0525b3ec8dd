#pragma once
// AssetSource over GitHub: METADATA read from the wheel with range requests, the bytes
// streamed by a background download into a bounded buffer.

#include "lib/github/api.h"
#include "services/publisher/publish_deps.h"

namespace stablecut::publisher {

class GitHubAssetSource : public AssetSource {
 public:
  // `github` must outlive this.
  GitHubAssetSource(github::Api& github, github::RepoRef repository)
      : github_(github), repository_(std::move(repository)) {}

  absl::StatusOr<wheel::Metadata> ReadMetadata(http::CallContext const& context,
                                               PlannedFile const& file) override;
  std::unique_ptr<http::ByteSource> Open(http::CallContext const& context,
                                         PlannedFile const& file) override;

 private:
  github::Api& github_;
  github::RepoRef repository_;
};

}  // namespace stablecut::publisher
