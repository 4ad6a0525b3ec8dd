#include "lib/client/peer_settings.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "stablecut/v1/config.pb.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/temp_dir.h"
#include "tests/testing/test_ca.h"

namespace stablecut::client {
namespace {

using ::stablecut::testing::IsOk;
using ::stablecut::testing::StatusIs;
using ::stablecut::testing::TempDir;
using ::stablecut::testing::TestCa;
using ::testing::AllOf;
using ::testing::HasSubstr;

class PeerSettingsTest : public ::testing::Test {
 protected:
  PeerSettingsTest() {
    auto client = ca_.IssueClient("spiffe://stablecut/verifier");
    config_.set_address("127.0.0.1:50051");
    config_.mutable_tls()->set_ca_file(dir_.WriteFile("ca.pem", ca_.ca_pem()));
    config_.mutable_tls()->set_cert_file(dir_.WriteFile("verifier.pem", client.cert_pem));
    config_.mutable_tls()->set_key_file(dir_.WriteFile("verifier.key", client.key_pem));
  }

  TempDir dir_;
  TestCa ca_{"peer-settings"};
  v1::PeerConfig config_;
};

TEST_F(PeerSettingsTest, ReadsFilesAndOurIdentityWithDefaults) {
  auto settings = ReadPeerSettings(config_);
  ASSERT_THAT(settings, IsOk());
  EXPECT_EQ(settings->address, "127.0.0.1:50051");
  EXPECT_EQ(settings->authority, "");
  EXPECT_EQ(settings->timeout, absl::Seconds(30));
  EXPECT_EQ(settings->ca_pem, ca_.ca_pem());
  EXPECT_THAT(settings->cert_pem, HasSubstr("BEGIN CERTIFICATE"));
  EXPECT_THAT(settings->key_pem, HasSubstr("PRIVATE KEY"));
  EXPECT_EQ(settings->identity, "spiffe://stablecut/verifier");
  EXPECT_EQ(settings->cert_file, config_.tls().cert_file());
  EXPECT_EQ(settings->ca_file, config_.tls().ca_file());
}

TEST_F(PeerSettingsTest, AuthorityTimeoutAndIpv6) {
  config_.set_address("[::1]:50051");
  config_.set_authority("candidate.stablecut.svc");
  config_.set_timeout("1m30s");
  auto settings = ReadPeerSettings(config_);
  ASSERT_THAT(settings, IsOk());
  EXPECT_EQ(settings->address, "[::1]:50051");
  EXPECT_EQ(settings->authority, "candidate.stablecut.svc");
  EXPECT_EQ(settings->timeout, absl::Seconds(90));
}

TEST_F(PeerSettingsTest, AddressIsRequiredAndNeedsAPort) {
  config_.clear_address();
  EXPECT_THAT(ReadPeerSettings(config_),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("address: is required")));
  config_.set_address("candidate.stablecut.svc");
  EXPECT_THAT(ReadPeerSettings(config_),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("address: ")));
  config_.set_address("127.0.0.1:0");
  EXPECT_THAT(ReadPeerSettings(config_),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("needs a port")));
}

TEST_F(PeerSettingsTest, TimeoutMustBeAPositiveDuration) {
  for (char const* bad : {"30", "0s", "-1s", "soon"}) {
    config_.set_timeout(bad);
    EXPECT_THAT(ReadPeerSettings(config_),
                StatusIs(absl::StatusCode::kInvalidArgument,
                         AllOf(HasSubstr("timeout: "), HasSubstr(bad))))
        << bad;
  }
}

TEST_F(PeerSettingsTest, EachPemFileIsRequired) {
  config_.mutable_tls()->clear_key_file();
  EXPECT_THAT(ReadPeerSettings(config_),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("tls.key_file: is required")));
  config_.mutable_tls()->clear_ca_file();
  EXPECT_THAT(ReadPeerSettings(config_),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("tls.ca_file: is required")));
}

TEST_F(PeerSettingsTest, AMissingFileIsNamed) {
  std::string missing = dir_.path() + "/no-such.pem";
  config_.mutable_tls()->set_cert_file(missing);
  EXPECT_THAT(ReadPeerSettings(config_),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("tls.cert_file: cannot read \"" + missing + "\""),
                             HasSubstr("No such file"))));
}

TEST_F(PeerSettingsTest, AnEmptyFileIsNamed) {
  std::string empty = dir_.WriteFile("empty.key", "");
  config_.mutable_tls()->set_key_file(empty);
  EXPECT_THAT(ReadPeerSettings(config_),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("tls.key_file: \"" + empty + "\" is empty")));
}

TEST_F(PeerSettingsTest, ADirectoryOrNonPemFileIsNamed) {
  config_.mutable_tls()->set_ca_file(dir_.path());
  EXPECT_THAT(ReadPeerSettings(config_),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("tls.ca_file: \"" + dir_.path() + "\" is a directory")));
  std::string text = dir_.WriteFile("ca.txt", "not a certificate\n");
  config_.mutable_tls()->set_ca_file(text);
  EXPECT_THAT(ReadPeerSettings(config_),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("tls.ca_file: \"" + text + "\" is not a PEM file")));
}

TEST_F(PeerSettingsTest, ACertificateThatDoesNotParseIsNamed) {
  std::string bad = dir_.WriteFile("bad.pem", "-----BEGIN CERTIFICATE-----\nAAAA\n"
                                              "-----END CERTIFICATE-----\n");
  config_.mutable_tls()->set_cert_file(bad);
  EXPECT_THAT(ReadPeerSettings(config_),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("tls.cert_file: \"" + bad + "\""),
                             HasSubstr("not a valid PEM"))));
}

}  // namespace
}  // namespace stablecut::client
