#include "lib/auth/identity.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/testing/status_matchers.h"
#include "tests/testing/test_ca.h"

namespace stablecut::auth {
namespace {

using ::stablecut::testing::StatusIs;
using ::stablecut::testing::TestCa;

TEST(Identity, IsTheUriSan) {
  TestCa ca("identity");
  auto pair = ca.IssueClient("spiffe://stablecut/publisher");
  auto identity = IdentityFromPemCertificate(pair.cert_pem);
  ASSERT_TRUE(identity.ok()) << identity.status();
  EXPECT_EQ(*identity, "spiffe://stablecut/publisher");
}

TEST(Identity, UriSanWinsOverDnsSanAndCommonName) {
  TestCa ca("identity");
  auto pair = ca.Issue({"some-cn", {"spiffe://stablecut/operator"}, {"host.example"}, {}});
  auto identity = IdentityFromPemCertificate(pair.cert_pem);
  ASSERT_TRUE(identity.ok()) << identity.status();
  EXPECT_EQ(*identity, "spiffe://stablecut/operator");
}

TEST(Identity, FallsBackToCommonName) {
  TestCa ca("identity");
  auto pair = ca.Issue({"release-bot", {}, {"host.example"}, {}});
  auto identity = IdentityFromPemCertificate(pair.cert_pem);
  ASSERT_TRUE(identity.ok()) << identity.status();
  EXPECT_EQ(*identity, "release-bot");
}

TEST(Identity, CertificateNamingNoIdentityIsAnError) {
  TestCa ca("identity");
  auto pair = ca.Issue({"", {}, {"host.example"}, {}});
  EXPECT_THAT(IdentityFromPemCertificate(pair.cert_pem),
              StatusIs(absl::StatusCode::kInvalidArgument, ::testing::HasSubstr("URI SAN")));
}

TEST(Identity, GarbageIsAnError) {
  EXPECT_THAT(IdentityFromPemCertificate("-----BEGIN CERTIFICATE-----\nnope\n"),
              StatusIs(absl::StatusCode::kInvalidArgument, ::testing::HasSubstr("PEM")));
  EXPECT_THAT(IdentityFromPemCertificate(""),
              StatusIs(absl::StatusCode::kInvalidArgument, ::testing::HasSubstr("PEM")));
}

}  // namespace
}  // namespace stablecut::auth
