// MakePeerChannel against an in-process CandidateService over mTLS whose answers the test
// chooses: gRPC's retries (reading methods only), deadlines, the authority override and
// handshake failures.

#include "lib/client/peer_channel.h"
#include "lib/client/peer_settings.h"

#include <atomic>
#include <mutex>
#include <thread>

#include <grpcpp/grpcpp.h>
#include <grpcpp/security/server_credentials.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/ascii.h"
#include "absl/time/clock.h"
#include "stablecut/v1/candidate.grpc.pb.h"
#include "stablecut/v1/config.pb.h"
#include "tests/testing/rotating_tls_files.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/temp_dir.h"
#include "tests/testing/test_ca.h"

namespace stablecut::client {
namespace {

using ::stablecut::testing::IsOk;
using ::stablecut::testing::KeyPair;
using ::stablecut::testing::RotatingTlsFiles;
using ::stablecut::testing::StatusIs;
using ::stablecut::testing::TempDir;
using ::stablecut::testing::TestCa;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;

// Answers UNAVAILABLE to the first `list_failures` ListCandidates and to every
// CreateCandidate; GetCandidate never answers before the caller gives up.
class ScriptedCandidates : public v1::CandidateService::Service {
 public:
  grpc::Status ListCandidates(grpc::ServerContext* context, v1::ListCandidatesRequest const*,
                              v1::ListCandidatesResponse*) override {
    auto certificate = context->auth_context()->FindPropertyValues("x509_pem_cert");
    if (!certificate.empty()) {
      std::lock_guard<std::mutex> lock(mutex);
      last_client_certificate = std::string(absl::StripAsciiWhitespace(
          absl::string_view(certificate[0].data(), certificate[0].size())));
    }
    if (list_calls++ < list_failures) return {grpc::StatusCode::UNAVAILABLE, "warming up"};
    return grpc::Status::OK;
  }
  std::string LastClientCertificate() {
    std::lock_guard<std::mutex> lock(mutex);
    return last_client_certificate;
  }
  grpc::Status CreateCandidate(grpc::ServerContext*, v1::CreateCandidateRequest const*,
                               v1::Candidate*) override {
    ++create_calls;
    return {grpc::StatusCode::UNAVAILABLE, "GitHub unavailable after 5 attempts"};
  }
  grpc::Status GetCandidate(grpc::ServerContext* context, v1::GetCandidateRequest const*,
                            v1::Candidate*) override {
    while (!context->IsCancelled()) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    return {grpc::StatusCode::CANCELLED, "gone"};
  }

  std::atomic<int> list_failures{0};
  std::atomic<int> list_calls{0};
  std::atomic<int> create_calls{0};
  std::mutex mutex;
  std::string last_client_certificate;
};

class PeerChannelTest : public ::testing::Test {
 protected:
  void StartServer(KeyPair const& server_pair, TestCa const& client_ca, int port = 0) {
    grpc::SslServerCredentialsOptions tls(GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY);
    tls.pem_root_certs = client_ca.ca_pem();
    tls.pem_key_cert_pairs.push_back({server_pair.key_pem, server_pair.cert_pem});
    grpc::ServerBuilder builder;
    builder.AddListeningPort(absl::StrCat("127.0.0.1:", port), grpc::SslServerCredentials(tls),
                             &port_);
    builder.RegisterService(&service_);
    server_ = builder.BuildAndStart();
    ASSERT_NE(server_, nullptr);
    ASSERT_GT(port_, 0);
  }

  v1::PeerConfig Config() const {
    auto client = ca_.IssueClient("spiffe://stablecut/verifier");
    v1::PeerConfig config;
    config.set_address(absl::StrCat("127.0.0.1:", port_));
    config.mutable_tls()->set_ca_file(dir_.WriteFile("ca.pem", ca_.ca_pem()));
    config.mutable_tls()->set_cert_file(dir_.WriteFile("verifier.pem", client.cert_pem));
    config.mutable_tls()->set_key_file(dir_.WriteFile("verifier.key", client.key_pem));
    return config;
  }

  void TearDown() override {
    if (server_) server_->Shutdown(std::chrono::system_clock::now());
  }

  absl::Status List(PeerChannel const& peer) {
    auto stub = v1::CandidateService::NewStub(peer.channel());
    v1::ListCandidatesResponse response;
    return peer.Error(stub->ListCandidates(peer.NewCallContext().get(), {}, &response),
                      "ListCandidates");
  }

  TempDir dir_;
  TestCa ca_{"peer-channel"};
  ScriptedCandidates service_;
  std::unique_ptr<grpc::Server> server_;
  int port_ = 0;
};

TEST_F(PeerChannelTest, KnowsOurIdentityAndThePeer) {
  StartServer(ca_.IssueServer(), ca_);
  auto peer = MakePeerChannel(Config(), "the candidate service");
  ASSERT_THAT(peer, IsOk());
  EXPECT_EQ(peer->peer().name, "the candidate service");
  EXPECT_EQ(peer->peer().identity, "spiffe://stablecut/verifier");
  EXPECT_EQ(peer->peer().address, absl::StrCat("127.0.0.1:", port_));
  EXPECT_EQ(peer->timeout(), absl::Seconds(30));
  EXPECT_THAT(List(*peer), IsOk());
}

TEST_F(PeerChannelTest, AReadingMethodIsRetriedOnUnavailable) {
  StartServer(ca_.IssueServer(), ca_);
  service_.list_failures = 2;
  auto peer = MakePeerChannel(Config(), "the candidate service");
  ASSERT_THAT(peer, IsOk());
  EXPECT_THAT(List(*peer), IsOk());
  EXPECT_EQ(service_.list_calls.load(), 3);
}

TEST_F(PeerChannelTest, RetriesStopAfterFourAttempts) {
  StartServer(ca_.IssueServer(), ca_);
  service_.list_failures = 100;
  auto peer = MakePeerChannel(Config(), "the candidate service");
  ASSERT_THAT(peer, IsOk());
  EXPECT_THAT(List(*peer), StatusIs(absl::StatusCode::kUnavailable, HasSubstr("warming up")));
  EXPECT_EQ(service_.list_calls.load(), 4);
}

TEST_F(PeerChannelTest, AMethodThatChangesStateIsTriedOnce) {
  StartServer(ca_.IssueServer(), ca_);
  auto peer = MakePeerChannel(Config(), "the candidate service");
  ASSERT_THAT(peer, IsOk());
  auto stub = v1::CandidateService::NewStub(peer->channel());
  v1::Candidate candidate;
  auto status = peer->Error(
      stub->CreateCandidate(peer->NewCallContext().get(), {}, &candidate), "CreateCandidate");
  // The peer itself answered UNAVAILABLE: it is running, and says why.
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kUnavailable,
                               AllOf(HasSubstr("the candidate service at 127.0.0.1:"),
                                     HasSubstr("GitHub unavailable after 5 attempts"),
                                     Not(HasSubstr("is it running?")))));
  EXPECT_EQ(service_.create_calls.load(), 1);
}

TEST_F(PeerChannelTest, TheConfiguredTimeoutIsTheDeadline) {
  StartServer(ca_.IssueServer(), ca_);
  auto config = Config();
  config.set_timeout("300ms");
  auto peer = MakePeerChannel(config, "the candidate service");
  ASSERT_THAT(peer, IsOk());
  auto stub = v1::CandidateService::NewStub(peer->channel());
  v1::Candidate candidate;
  absl::Time start = absl::Now();
  auto status = peer->Error(stub->GetCandidate(peer->NewCallContext().get(), {}, &candidate),
                            "GetCandidate");
  EXPECT_LT(absl::Now() - start, absl::Seconds(5));
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kDeadlineExceeded,
                               HasSubstr("did not answer GetCandidate in time")));
}

TEST_F(PeerChannelTest, TheCallersSoonerDeadlineWins) {
  StartServer(ca_.IssueServer(), ca_);
  auto peer = MakePeerChannel(Config(), "the candidate service");  // 30s timeout
  ASSERT_THAT(peer, IsOk());
  auto stub = v1::CandidateService::NewStub(peer->channel());
  v1::Candidate candidate;
  absl::Time start = absl::Now();
  auto context = peer->NewCallContext(absl::Now() + absl::Milliseconds(300));
  auto status = stub->GetCandidate(context.get(), {}, &candidate);
  EXPECT_LT(absl::Now() - start, absl::Seconds(5));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::DEADLINE_EXCEEDED);
}

TEST_F(PeerChannelTest, AuthorityNamesThePeerWhoseCertificateHasNoIp) {
  StartServer(ca_.Issue({"candidate", {}, {"candidate.stablecut.svc"}, {}}), ca_);
  auto config = Config();
  auto without = MakePeerChannel(config, "the candidate service");
  ASSERT_THAT(without, IsOk());
  EXPECT_THAT(List(*without),
              StatusIs(absl::StatusCode::kUnavailable,
                       AllOf(HasSubstr("TLS handshake with the candidate service"),
                             HasSubstr(config.tls().ca_file()), HasSubstr("authority"))));

  config.set_authority("candidate.stablecut.svc");
  auto with = MakePeerChannel(config, "the candidate service");
  ASSERT_THAT(with, IsOk());
  EXPECT_THAT(List(*with), IsOk());
}

TEST_F(PeerChannelTest, AServerFromAnotherCaFailsTheHandshakeNamingOurCa) {
  TestCa other("other");
  StartServer(other.IssueServer(), ca_);
  auto config = Config();
  auto peer = MakePeerChannel(config, "the candidate service");
  ASSERT_THAT(peer, IsOk());
  EXPECT_THAT(List(*peer), StatusIs(absl::StatusCode::kUnavailable,
                                    AllOf(HasSubstr("TLS handshake"),
                                          HasSubstr(config.tls().ca_file()))));
}

TEST_F(PeerChannelTest, ConfigErrorsNameThePeer) {
  auto config = Config();
  config.set_address("127.0.0.1:50051");  // no server: the config is refused before any call
  config.mutable_tls()->set_key_file(dir_.path() + "/missing.key");
  EXPECT_THAT(MakePeerChannel(config, "the candidate service"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("the candidate service: tls.key_file: cannot read"),
                             HasSubstr("missing.key"))));
}

TEST_F(PeerChannelTest, PresentsARenewedClientCertificateOnItsNextConnection) {
  KeyPair server_pair = ca_.IssueServer();
  StartServer(server_pair, ca_);
  KeyPair first = ca_.IssueClient("spiffe://stablecut/verifier");
  KeyPair renewed = ca_.IssueClient("spiffe://stablecut/verifier");
  RotatingTlsFiles files(ca_.ca_pem(), first);
  v1::PeerConfig config;
  config.set_address(absl::StrCat("127.0.0.1:", port_));
  config.mutable_tls()->set_ca_file(files.ca_file());
  config.mutable_tls()->set_cert_file(files.cert_file());
  config.mutable_tls()->set_key_file(files.key_file());
  config.mutable_tls()->set_reload_interval("1s");
  auto peer = MakePeerChannel(config, "the candidate service");
  ASSERT_THAT(peer, IsOk());
  ASSERT_THAT(List(*peer), IsOk());
  EXPECT_EQ(service_.LastClientCertificate(), absl::StripAsciiWhitespace(first.cert_pem));

  files.Rotate(ca_.ca_pem(), renewed);
  std::this_thread::sleep_for(std::chrono::seconds(3));  // three reload intervals
  // An open connection keeps the certificate it was made with; the peer restarting on the
  // same port makes the channel connect again, with the renewed one.
  int port = port_;
  server_->Shutdown(std::chrono::system_clock::now());
  server_.reset();
  StartServer(server_pair, ca_, port);
  auto deadline = absl::Now() + absl::Seconds(15);
  absl::Status listed = List(*peer);
  while (!listed.ok() && absl::Now() < deadline) listed = List(*peer);
  ASSERT_THAT(listed, IsOk());
  EXPECT_EQ(service_.LastClientCertificate(), absl::StripAsciiWhitespace(renewed.cert_pem));
}

TEST(PeerSettings, ReloadIntervalUnderASecondIsRefused) {
  v1::PeerConfig config;
  config.set_address("127.0.0.1:50051");
  config.mutable_tls()->set_reload_interval("500ms");
  EXPECT_THAT(ReadPeerSettings(config),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("tls.reload_interval"), HasSubstr("at least 1s"))));
}

// A workload certificate (cert-manager's CSI SPIFFE driver) names no host, only the URI.
TEST_F(PeerChannelTest, ServerIdentityIsCheckedInsteadOfTheHostName) {
  StartServer(ca_.Issue({"", {"spiffe://stablecut/candidate"}, {}, {}}), ca_);
  auto config = Config();
  auto by_host = MakePeerChannel(config, "the candidate service");
  ASSERT_THAT(by_host, IsOk());
  EXPECT_THAT(List(*by_host), StatusIs(absl::StatusCode::kUnavailable, HasSubstr("TLS handshake")));

  config.set_server_identity("spiffe://stablecut/candidate");
  auto by_identity = MakePeerChannel(config, "the candidate service");
  ASSERT_THAT(by_identity, IsOk());
  EXPECT_THAT(List(*by_identity), IsOk());

  config.set_server_identity("spiffe://stablecut/publisher");
  auto wrong = MakePeerChannel(config, "the candidate service");
  ASSERT_THAT(wrong, IsOk());
  EXPECT_THAT(List(*wrong),
              StatusIs(absl::StatusCode::kUnavailable,
                       AllOf(HasSubstr("TLS handshake with the candidate service"),
                             HasSubstr("the certificate names spiffe://stablecut/candidate, not "
                                       "spiffe://stablecut/publisher"),
                             HasSubstr("carries the URI SAN spiffe://stablecut/publisher "
                                       "(server_identity)"))));
}

TEST_F(PeerChannelTest, ServerIdentityStillNeedsTheChainToOurCa) {
  TestCa other("other");
  StartServer(other.Issue({"", {"spiffe://stablecut/candidate"}, {}, {}}), ca_);
  auto config = Config();
  config.set_server_identity("spiffe://stablecut/candidate");
  auto peer = MakePeerChannel(config, "the candidate service");
  ASSERT_THAT(peer, IsOk());
  EXPECT_THAT(List(*peer), StatusIs(absl::StatusCode::kUnavailable, HasSubstr("TLS handshake")));
}

TEST(PeerSettings, ServerIdentityMustBeAUri) {
  v1::PeerConfig config;
  config.set_address("127.0.0.1:50051");
  config.set_server_identity("candidate");
  EXPECT_THAT(ReadPeerSettings(config),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("server_identity"), HasSubstr("is not a URI"))));
}

}  // namespace
}  // namespace stablecut::client
