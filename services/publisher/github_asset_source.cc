#include "services/publisher/github_asset_source.h"

#include "absl/strings/str_cat.h"
#include "lib/github/release_asset_reader.h"
#include "lib/github/release_asset_stream.h"
#include "lib/wheel/metadata.h"

namespace stablecut::publisher {

absl::StatusOr<wheel::Metadata> GitHubAssetSource::ReadMetadata(http::CallContext const& context,
                                                                PlannedFile const& file) {
  github::ReleaseAssetReader reader(context, github_, repository_, file.asset_id, file.size);
  auto metadata = wheel::ReadWheelMetadataFromSource(reader, file.filename);
  if (!metadata.ok()) {
    return absl::Status(metadata.status().code(),
                        absl::StrCat("reading the METADATA of ", file.filename,
                                     " from the GitHub release: ", metadata.status().message()));
  }
  return metadata;
}

std::unique_ptr<http::ByteSource> GitHubAssetSource::Open(http::CallContext const& context,
                                                          PlannedFile const& file) {
  return std::make_unique<github::ReleaseAssetStream>(context, github_, repository_,
                                                      file.asset_id, file.size);
}

}  // namespace stablecut::publisher
