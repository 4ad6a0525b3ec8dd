#include "services/publisher/github_asset_source.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "lib/github/release_asset_reader.h"
#include "lib/github/release_asset_stream.h"
#include "lib/wheel/metadata.h"
#include "lib/wheel/sdist_metadata.h"

namespace stablecut::publisher {

absl::StatusOr<wheel::Metadata> GitHubAssetSource::ReadMetadata(http::CallContext const& context,
                                                                PlannedFile const& file) {
  github::ReleaseAssetReader reader(context, github_, repository_, file.asset_id, file.size);
  bool const is_sdist = absl::EndsWith(file.filename, ".tar.gz");
  auto metadata = is_sdist ? wheel::ReadSdistMetadataFromSource(reader, file.filename)
                           : wheel::ReadWheelMetadataFromSource(reader, file.filename);
  if (!metadata.ok()) {
    return absl::Status(metadata.status().code(),
                        absl::StrCat("reading the ", is_sdist ? "PKG-INFO" : "METADATA", " of ",
                                     file.filename,
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
