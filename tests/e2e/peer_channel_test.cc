// lib/client's peer channel as the verifier will use it: the real stablecut-candidate over
// mTLS against the sandbox, with an ACL that lets the verifier read but not cut.

#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <grpcpp/grpcpp.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "lib/client/peer_channel.h"
#include "stablecut/v1/candidate.grpc.pb.h"
#include "stablecut/v1/config.pb.h"
#include "tests/testing/sandbox_process.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/subprocess.h"
#include "tests/testing/temp_dir.h"
#include "tests/testing/test_ca.h"

namespace stablecut {
namespace {

using ::stablecut::client::MakePeerChannel;
using ::stablecut::client::PeerChannel;
using ::stablecut::testing::IsOk;
using ::stablecut::testing::KeyPair;
using ::stablecut::testing::SandboxProcess;
using ::stablecut::testing::StatusIs;
using ::stablecut::testing::Subprocess;
using ::stablecut::testing::TempDir;
using ::stablecut::testing::TestCa;
using ::testing::AllOf;
using ::testing::HasSubstr;

constexpr char kOperator[] = "spiffe://stablecut/operator";
constexpr char kVerifier[] = "spiffe://stablecut/verifier";
constexpr char kCandidateService[] = "the candidate service";

// The verifier's side of the config: its client certificate and the CA of the candidate's.
v1::PeerConfig VerifierPeerConfig(TempDir const& dir, TestCa const& ca, std::string address) {
  KeyPair verifier = ca.IssueClient(kVerifier);
  v1::PeerConfig config;
  config.set_address(std::move(address));
  config.mutable_tls()->set_ca_file(dir.WriteFile("peer-ca.pem", ca.ca_pem()));
  config.mutable_tls()->set_cert_file(dir.WriteFile("verifier.pem", verifier.cert_pem));
  config.mutable_tls()->set_key_file(dir.WriteFile("verifier.key", verifier.key_pem));
  return config;
}

absl::Status List(PeerChannel const& peer, v1::ListCandidatesResponse* response) {
  auto stub = v1::CandidateService::NewStub(peer.channel());
  return peer.Error(stub->ListCandidates(peer.NewCallContext().get(), {}, response),
                    "ListCandidates");
}

class PeerChannelE2eTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto sandbox = SandboxProcess::Start("demo");
    ASSERT_THAT(sandbox, IsOk());
    sandbox_ = *std::move(sandbox);

    KeyPair server = ca_.IssueServer();
    std::string token_file = dir_.WriteFile("github.token", sandbox_->write_token());
    std::string config = absl::StrCat(R"pb(
server {
  tls {
    ca_file: ")pb", dir_.WriteFile("ca.pem", ca_.ca_pem()), R"pb("
    cert_file: ")pb", dir_.WriteFile("server.pem", server.cert_pem), R"pb("
    key_file: ")pb", dir_.WriteFile("server.key", server.key_pem), R"pb("
  }
  acl { method: "stablecut.v1.CandidateService/CreateCandidate" identities: ")pb", kOperator, R"pb(" }
  acl { method: "stablecut.v1.CandidateService/GetCandidate" identities: ")pb", kVerifier, R"pb(" }
  acl { method: "stablecut.v1.CandidateService/ListCandidates" identities: ")pb", kVerifier, R"pb(" }
}
github {
  api_base_url: ")pb", sandbox_->GitHubApiUrl(), R"pb("
  uploads_base_url: ")pb", sandbox_->GitHubUploadsUrl(), R"pb("
  repository: "stablecut-demo/widgets"
  token_file: ")pb", token_file, R"pb("
}
finalize_interval: "0s"
)pb");
    auto process = Subprocess::Start(
        {STABLECUT_CANDIDATE_BINARY, "--config=" + dir_.WriteFile("candidate.txtpb", config),
         "--listen=127.0.0.1:0", "--health_listen=none"},
        dir_.path() + "/candidate.log");
    ASSERT_THAT(process, IsOk());
    service_.emplace(*std::move(process));
    auto port = service_->WaitForLoggedInt("serving", "port");
    ASSERT_THAT(port, IsOk());
    address_ = absl::StrCat("127.0.0.1:", *port);
  }

  void TearDown() override {
    if (!service_) return;
    service_->Signal(SIGTERM);
    EXPECT_THAT(service_->Wait(), IsOk());
  }

  TempDir dir_;
  TestCa ca_{"peer-e2e"};
  std::unique_ptr<SandboxProcess> sandbox_;
  std::optional<Subprocess> service_;
  std::string address_;
};

TEST_F(PeerChannelE2eTest, TheVerifierMayReadCandidates) {
  auto peer = MakePeerChannel(VerifierPeerConfig(dir_, ca_, address_), kCandidateService);
  ASSERT_THAT(peer, IsOk());
  EXPECT_EQ(peer->peer().identity, kVerifier);

  v1::ListCandidatesResponse all;
  ASSERT_THAT(List(*peer, &all), IsOk()) << service_->Log();
  ASSERT_GE(all.candidates_size(), 1);

  auto stub = v1::CandidateService::NewStub(peer->channel());
  v1::GetCandidateRequest get;
  get.set_tag(all.candidates(0).tag());
  v1::Candidate candidate;
  EXPECT_THAT(peer->Error(stub->GetCandidate(peer->NewCallContext().get(), get, &candidate),
                          "GetCandidate"),
              IsOk());
  EXPECT_EQ(candidate.release_id(), all.candidates(0).release_id());
  // The candidate service saw the verifier's identity, from the certificate the channel sent.
  EXPECT_THAT(service_->Log(), HasSubstr(kVerifier));
}

TEST_F(PeerChannelE2eTest, TheVerifierMayNotCutAndIsToldWhichAclToFix) {
  auto peer = MakePeerChannel(VerifierPeerConfig(dir_, ca_, address_), kCandidateService);
  ASSERT_THAT(peer, IsOk());
  auto stub = v1::CandidateService::NewStub(peer->channel());
  v1::Candidate candidate;
  absl::Status status = peer->Error(
      stub->CreateCandidate(peer->NewCallContext().get(), {}, &candidate), "CreateCandidate");
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kPermissionDenied,
                               AllOf(HasSubstr(kVerifier), HasSubstr("CreateCandidate"),
                                     HasSubstr("ACL"), HasSubstr(kCandidateService))));
}

TEST_F(PeerChannelE2eTest, AClientCertificateFromAnotherCaIsNotAccepted) {
  TestCa other("not-the-candidates-ca");
  auto config = VerifierPeerConfig(dir_, ca_, address_);
  KeyPair stranger = other.IssueClient(kVerifier);
  config.mutable_tls()->set_cert_file(dir_.WriteFile("stranger.pem", stranger.cert_pem));
  config.mutable_tls()->set_key_file(dir_.WriteFile("stranger.key", stranger.key_pem));
  auto peer = MakePeerChannel(config, kCandidateService);
  ASSERT_THAT(peer, IsOk());
  v1::ListCandidatesResponse all;
  // The candidate service refuses the certificate in the TLS 1.3 handshake, which the client
  // sees as a closed connection: the message points at our certificate and its CA.
  EXPECT_THAT(List(*peer, &all),
              StatusIs(absl::StatusCode::kUnavailable,
                       AllOf(HasSubstr(absl::StrCat(kCandidateService, " at ", address_)),
                             HasSubstr(config.tls().cert_file()), HasSubstr("tls.cert_file"),
                             HasSubstr("server.tls.ca_file"))));
}

// A TCP port that is bound but not listening: connections to it are refused, and no other
// process can take it while the test runs.
class UnusedPort {
 public:
  UnusedPort() : fd_(socket(AF_INET, SOCK_STREAM, 0)) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof(address);
    if (fd_ < 0 || bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0 ||
        getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
      ADD_FAILURE() << "cannot bind a loopback port";
      return;
    }
    port_ = ntohs(address.sin_port);
  }
  ~UnusedPort() {
    if (fd_ >= 0) close(fd_);
  }
  int port() const { return port_; }

 private:
  int fd_;
  int port_ = 0;
};

TEST(PeerChannelE2eWithoutPeerTest, NobodyListeningIsUnavailableNamingTheAddress) {
  TempDir dir;
  TestCa ca("peer-e2e");
  UnusedPort unused;
  std::string address = absl::StrCat("127.0.0.1:", unused.port());
  auto peer = MakePeerChannel(VerifierPeerConfig(dir, ca, address), kCandidateService);
  ASSERT_THAT(peer, IsOk());
  v1::ListCandidatesResponse all;
  EXPECT_THAT(List(*peer, &all),
              StatusIs(absl::StatusCode::kUnavailable,
                       AllOf(HasSubstr(absl::StrCat("the candidate service at ", address,
                                                    " is unavailable")),
                             HasSubstr("is it running?"))));
}

TEST(PeerChannelE2eWithoutPeerTest, AMissingCertificateFileIsNamed) {
  TempDir dir;
  TestCa ca("peer-e2e");
  auto config = VerifierPeerConfig(dir, ca, "127.0.0.1:50051");
  std::string missing = dir.path() + "/verifier-missing.pem";
  config.mutable_tls()->set_cert_file(missing);
  EXPECT_THAT(MakePeerChannel(config, kCandidateService),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr(missing), HasSubstr("tls.cert_file"))));
}

}  // namespace
}  // namespace stablecut
