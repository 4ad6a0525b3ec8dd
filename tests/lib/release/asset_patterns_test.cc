#include "lib/release/asset_patterns.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/testing/status_matchers.h"

namespace stablecut::release {
namespace {

using ::stablecut::testing::IsOk;
using ::stablecut::testing::StatusIs;
using ::testing::ElementsAre;

github::ReleaseAsset Asset(std::string name) {
  github::ReleaseAsset asset;
  asset.name = std::move(name);
  return asset;
}

TEST(AssetPatterns, ListsThePatternsNoAssetMatches) {
  std::vector<github::ReleaseAsset> assets = {Asset("w-1-cp311-cp311-manylinux_x86_64.whl"),
                                              Asset("w-1.tar.gz")};
  EXPECT_THAT(MissingPatterns({"*cp311*x86_64.whl", "*cp312*.whl", "*.tar.gz"}, assets),
              ElementsAre("*cp312*.whl"));
  EXPECT_THAT(MissingPatterns({"*.whl"}, {}), ElementsAre("*.whl"));
}

TEST(AssetPatterns, APatternIsAFileName) {
  EXPECT_THAT(ValidateAssetPattern("*.whl"), IsOk());
  EXPECT_THAT(ValidateAssetPattern(""), StatusIs(absl::StatusCode::kInvalidArgument, ::testing::_));
  EXPECT_THAT(ValidateAssetPattern("dist/*.whl"), StatusIs(absl::StatusCode::kInvalidArgument, ::testing::_));
}

}  // namespace
}  // namespace stablecut::release
