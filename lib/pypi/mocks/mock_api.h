#pragma once
// A gmock of pypi::Api, for unit tests of the logic that publishes to PyPI.

#include <gmock/gmock.h>

#include "lib/pypi/api.h"

namespace stablecut::pypi {

class MockApi : public Api {
 public:
  MOCK_METHOD(absl::StatusOr<UploadResult>, Upload,
              (http::CallContext const&, FileUpload const&), (override));
  MOCK_METHOD(absl::StatusOr<std::vector<PypiFile>>, ListReleaseFiles,
              (http::CallContext const&, std::string const&, std::string const&), (override));
  MOCK_METHOD(absl::StatusOr<int64_t>, ProjectBytes,
              (http::CallContext const&, std::string const&), (override));
};

}  // namespace stablecut::pypi
