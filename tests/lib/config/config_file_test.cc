#include "lib/config/config_file.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "stablecut/v1/config.pb.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/temp_dir.h"

namespace stablecut::config {
namespace {

using ::stablecut::testing::IsOk;
using ::stablecut::testing::StatusIs;
using ::stablecut::testing::TempDir;
using ::testing::HasSubstr;

constexpr char kGoodConfig[] = R"pb(# a comment
server {
  listen: "127.0.0.1:50051"
  acl { method: "stablecut.v1.CandidateService/GetCandidate" identities: "a" }
  acl {
    method: "stablecut.v1.CandidateService/Nope"
    identities: "b"
  }
}
)pb";

TEST(ConfigFile, LoadsAValidFile) {
  TempDir dir;
  v1::CandidateServiceConfig config;
  auto file = ConfigFile::Load(dir.WriteFile("candidate.txtpb", kGoodConfig), config);
  ASSERT_THAT(file, IsOk());
  EXPECT_EQ(config.server().listen(), "127.0.0.1:50051");
  EXPECT_EQ(config.server().acl_size(), 2);
}

TEST(ConfigFile, MissingFileNamesThePath) {
  v1::CandidateServiceConfig config;
  EXPECT_THAT(ConfigFile::Load("/nonexistent/candidate.txtpb", config),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("/nonexistent/candidate.txtpb: cannot read")));
}

TEST(ConfigFile, ParseErrorsNameFileLineAndField) {
  struct Case {
    char const* name;
    char const* text;
    char const* message;
  } const cases[] = {
      {"unknown field", "server {\n  lisen: \"x\"\n}\n", "c.txtpb:2:"},
      {"unknown top-level field", "\n\npublisher {}\n", "c.txtpb:3:"},
      {"wrong type", "server {\n  acl: \"x\"\n}\n", "c.txtpb:2:"},
      {"unclosed", "server {\n  listen: \"x\"\n", "c.txtpb:"},
  };
  for (auto const& c : cases) {
    SCOPED_TRACE(c.name);
    TempDir dir;
    v1::CandidateServiceConfig config;
    auto file = ConfigFile::Load(dir.WriteFile("c.txtpb", c.text), config);
    EXPECT_THAT(file, StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr(c.message)));
  }
  TempDir dir;
  v1::CandidateServiceConfig config;
  auto file = ConfigFile::Load(dir.WriteFile("c.txtpb", "server {\n  lisen: \"x\"\n}\n"), config);
  EXPECT_THAT(file, StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("lisen")));
}

TEST(ConfigFile, FieldErrorNamesTheLineOfTheField) {
  TempDir dir;
  v1::CandidateServiceConfig config;
  auto file = ConfigFile::Load(dir.WriteFile("c.txtpb", kGoodConfig), config);
  ASSERT_THAT(file, IsOk());
  std::string path = file->path();
  EXPECT_THAT(file->FieldError("server.listen", "bad"),
              StatusIs(absl::StatusCode::kInvalidArgument, path + ":3: server.listen: bad"));
  EXPECT_THAT(file->FieldError("server.acl[1].method", "unknown"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       path + ":6: server.acl[1].method: unknown"));
  EXPECT_THAT(file->FieldError("server.acl[0]", "x"),
              StatusIs(absl::StatusCode::kInvalidArgument, path + ":4: server.acl[0]: x"));
}

TEST(ConfigFile, FieldErrorForAnUnwrittenFieldUsesTheNearestParent) {
  TempDir dir;
  v1::CandidateServiceConfig config;
  auto file = ConfigFile::Load(dir.WriteFile("c.txtpb", kGoodConfig), config);
  ASSERT_THAT(file, IsOk());
  EXPECT_THAT(file->FieldError("server.tls.ca_file", "is required"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       file->path() + ":2: server.tls.ca_file: is required"));

  auto empty = ConfigFile::Load(dir.WriteFile("empty.txtpb", "# nothing\n"), config);
  ASSERT_THAT(empty, IsOk());
  EXPECT_THAT(empty->FieldError("server.tls.ca_file", "is required"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       empty->path() + ": server.tls.ca_file: is required"));
}

}  // namespace
}  // namespace stablecut::config
