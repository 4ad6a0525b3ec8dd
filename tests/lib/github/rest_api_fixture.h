#pragma once
// A test fixture: github::RestApi over a demo-seeded stablecut-sandbox, with the http
// client's retry delays recorded instead of slept.

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "lib/github/rest_api.h"
#include "lib/http/client.h"
#include "tests/testing/sandbox_process.h"
#include "tests/testing/status_matchers.h"

namespace stablecut::github {

inline RepoRef const kWidgets{"stablecut-demo", "widgets"};

class RestApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto sandbox = testing::SandboxProcess::Start("demo");
    ASSERT_THAT(sandbox, testing::IsOk());
    sandbox_ = *std::move(sandbox);
    http::ClientOptions client_options;
    client_options.sleeper = [this](absl::Duration d) { delays_.push_back(d); };
    client_ = std::make_unique<http::Client>(client_options);
    api_ = MakeApi(sandbox_->write_token());
  }

  // An API with `token` (empty: anonymous), asking `per_page` items a page.
  std::unique_ptr<RestApi> MakeApi(std::string const& token, int per_page = 100) {
    RestApiOptions options;
    options.api_base_url = sandbox_->GitHubApiUrl();
    options.uploads_base_url = sandbox_->GitHubUploadsUrl();
    options.token = http::Secret(token);
    options.token_role = "the test's GitHub token";
    options.per_page = per_page;
    return std::make_unique<RestApi>(*client_, options);
  }

  std::unique_ptr<testing::SandboxProcess> sandbox_;
  std::vector<absl::Duration> delays_;
  std::unique_ptr<http::Client> client_;
  std::unique_ptr<RestApi> api_;
};

}  // namespace stablecut::github
