// The server core over real sockets: mTLS identities, the ACL, the health-only port.

#include "lib/server/server.h"

#include <memory>
#include <thread>

#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "lib/auth/acl.h"
#include "lib/server/rpc_guard.h"
#include "tests/testing/log_capture.h"
#include "tests/testing/rotating_tls_files.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/test_ca.h"
#include "tests/testing/test_service.h"
#include "tests/testing/tls_channel.h"

namespace stablecut::server {
namespace {

using ::stablecut::testing::IsOk;
using ::stablecut::testing::KeyPair;
using ::stablecut::testing::StatusIs;
using ::stablecut::testing::TestCa;
using ::stablecut::testing::TestServiceImpl;
using ::stablecut::testing::PlaintextChannel;
using ::stablecut::testing::RotatingTlsFiles;
using ::stablecut::testing::TlsChannel;
using ::stablecut::testing::v1::EchoRequest;
using ::stablecut::testing::v1::EchoResponse;
using ::stablecut::testing::v1::TestService;
using ::testing::HasSubstr;

constexpr char kOperator[] = "spiffe://stablecut/operator";
constexpr char kIntruder[] = "spiffe://stablecut/intruder";

std::set<std::string> const& TestMethods() {
  static auto const* methods =
      new std::set<std::string>{stablecut::testing::kEchoMethod, stablecut::testing::kSlowMethod};
  return *methods;
}

auth::Acl EchoAllowedTo(std::string const& identity) {
  auto acl = auth::Acl::Create({{"stablecut.testing.v1.TestService/Echo", {identity}}},
                               TestMethods());
  EXPECT_THAT(acl, IsOk());
  return *std::move(acl);
}

// One server with the test service, on 127.0.0.1 port 0.
class RunningServer {
 public:
  RunningServer(auth::Acl acl, ServerOptions options)
      : guard_(std::move(acl), options.insecure_loopback), service_(guard_) {
    options.services = {&service_};
    options.service_names = {"stablecut.testing.v1.TestService"};
    options.shutdown_grace = absl::Seconds(5);
    auto server = Server::Start(std::move(options));
    EXPECT_THAT(server, IsOk());
    if (server.ok()) server_ = *std::move(server);
  }

  int port() const { return server_->port(); }
  int health_port() const { return server_->health_port(); }
  int handled_calls() const { return service_.handled_calls(); }

 private:
  RpcGuard guard_;
  TestServiceImpl service_;
  std::unique_ptr<Server> server_;
};

ServerOptions MutualTlsOptions(TestCa const& ca) {
  KeyPair server_pair = ca.IssueServer();
  ServerOptions options;
  options.listen = "127.0.0.1:0";
  options.health_listen = "127.0.0.1:0";
  options.tls.ca_pem = ca.ca_pem();
  options.tls.cert_pem = server_pair.cert_pem;
  options.tls.key_pem = server_pair.key_pem;
  return options;
}

grpc::Status Echo(std::shared_ptr<grpc::Channel> channel, EchoResponse* response = nullptr) {
  auto stub = TestService::NewStub(channel);
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  EchoRequest request;
  request.set_text("hello");
  EchoResponse ignored;
  return stub->Echo(&context, request, response != nullptr ? response : &ignored);
}

grpc::Status HealthCheck(std::shared_ptr<grpc::Channel> channel, std::string const& service,
                         grpc::health::v1::HealthCheckResponse* response) {
  auto stub = grpc::health::v1::Health::NewStub(channel);
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  grpc::health::v1::HealthCheckRequest request;
  request.set_service(service);
  return stub->Check(&context, request, response);
}

TEST(Server, AllowedIdentityPasses) {
  TestCa ca("main");
  RunningServer server(EchoAllowedTo(kOperator), MutualTlsOptions(ca));
  KeyPair client = ca.IssueClient(kOperator);
  EchoResponse response;
  auto status = Echo(TlsChannel(server.port(), ca.ca_pem(), &client), &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.text(), "hello");
  EXPECT_EQ(response.caller(), kOperator);
}

TEST(Server, IdentityNotOnTheAclIsDenied) {
  TestCa ca("main");
  RunningServer server(EchoAllowedTo(kOperator), MutualTlsOptions(ca));
  KeyPair client = ca.IssueClient(kIntruder);
  auto status = Echo(TlsChannel(server.port(), ca.ca_pem(), &client));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_THAT(status.error_message(), HasSubstr(stablecut::testing::kEchoMethod));
  EXPECT_THAT(status.error_message(), HasSubstr(kIntruder));
  EXPECT_EQ(server.handled_calls(), 0);
}

TEST(Server, CommonNameIsTheIdentityWithoutUriSan) {
  TestCa ca("main");
  RunningServer server(EchoAllowedTo("release-bot"), MutualTlsOptions(ca));
  KeyPair client = ca.Issue({"release-bot", {}, {}, {}});
  EchoResponse response;
  auto status = Echo(TlsChannel(server.port(), ca.ca_pem(), &client), &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.caller(), "release-bot");
}

TEST(Server, NoClientCertificateIsUnauthenticated) {
  TestCa ca("main");
  RunningServer server(EchoAllowedTo(kOperator), MutualTlsOptions(ca));
  auto status = Echo(TlsChannel(server.port(), ca.ca_pem(), nullptr));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_THAT(status.error_message(), HasSubstr(stablecut::testing::kEchoMethod));
  EXPECT_THAT(status.error_message(), HasSubstr("no client certificate"));
  EXPECT_EQ(server.handled_calls(), 0);
}

TEST(Server, CertificateFromAnotherCaIsRefused) {
  TestCa ca("main");
  TestCa other_ca("other");
  RunningServer server(EchoAllowedTo(kOperator), MutualTlsOptions(ca));
  // Same identity, wrong issuer: the handshake fails, so the call never arrives.
  KeyPair client = other_ca.IssueClient(kOperator);
  auto status = Echo(TlsChannel(server.port(), ca.ca_pem(), &client));
  EXPECT_FALSE(status.ok());
  EXPECT_NE(status.error_code(), grpc::StatusCode::UNIMPLEMENTED);
  EXPECT_EQ(server.handled_calls(), 0);
}

TEST(Server, PlaintextClientIsRefusedOnTheTlsPort) {
  TestCa ca("main");
  RunningServer server(EchoAllowedTo(kOperator), MutualTlsOptions(ca));
  auto status = Echo(PlaintextChannel(server.port()));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(server.handled_calls(), 0);
}

TEST(Server, HealthPortAnswersHealthWithoutCertificate) {
  TestCa ca("main");
  RunningServer server(EchoAllowedTo(kOperator), MutualTlsOptions(ca));
  ASSERT_NE(server.health_port(), 0);
  grpc::health::v1::HealthCheckResponse response;
  auto status = HealthCheck(PlaintextChannel(server.health_port()), "", &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.status(), grpc::health::v1::HealthCheckResponse::SERVING);

  status = HealthCheck(PlaintextChannel(server.health_port()), "stablecut.testing.v1.TestService",
                       &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.status(), grpc::health::v1::HealthCheckResponse::SERVING);

  status = HealthCheck(PlaintextChannel(server.health_port()), "no.such.Service", &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
}

TEST(Server, HealthPortServesNothingElse) {
  TestCa ca("main");
  RunningServer server(EchoAllowedTo(kOperator), MutualTlsOptions(ca));
  auto status = Echo(PlaintextChannel(server.health_port()));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNIMPLEMENTED);
  EXPECT_EQ(server.handled_calls(), 0);
}

TEST(Server, HealthOnTheTlsPortNeedsNoClientCertificate) {
  TestCa ca("main");
  RunningServer server(EchoAllowedTo(kOperator), MutualTlsOptions(ca));
  grpc::health::v1::HealthCheckResponse response;
  auto status = HealthCheck(TlsChannel(server.port(), ca.ca_pem(), nullptr), "", &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.status(), grpc::health::v1::HealthCheckResponse::SERVING);
}

TEST(Server, LogsOneLinePerRpcWithMethodCallerCodeAndLatency) {
  stablecut::testing::LogCapture logs;
  TestCa ca("main");
  RunningServer server(EchoAllowedTo(kOperator), MutualTlsOptions(ca));
  KeyPair client = ca.IssueClient(kOperator);
  ASSERT_TRUE(Echo(TlsChannel(server.port(), ca.ca_pem(), &client)).ok());
  KeyPair intruder = ca.IssueClient(kIntruder);
  ASSERT_FALSE(Echo(TlsChannel(server.port(), ca.ca_pem(), &intruder)).ok());
  std::string text = logs.Text();
  EXPECT_THAT(text, HasSubstr(absl::StrCat("rpc method=", stablecut::testing::kEchoMethod,
                                           " caller=", kOperator, " code=OK latency_ms=")));
  EXPECT_THAT(text, HasSubstr(absl::StrCat("caller=", kIntruder, " code=PERMISSION_DENIED")));
}

TEST(Server, InsecureLoopbackCallerIsInsecureLocal) {
  ServerOptions options;
  options.listen = "127.0.0.1:0";
  options.insecure_loopback = true;
  RunningServer server(EchoAllowedTo("insecure-local"), options);
  EchoResponse response;
  auto status = Echo(PlaintextChannel(server.port()), &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.caller(), "insecure-local");
}

TEST(Server, InsecureLoopbackCallerNeedsAnAclEntry) {
  ServerOptions options;
  options.listen = "127.0.0.1:0";
  options.insecure_loopback = true;
  RunningServer server(EchoAllowedTo(kOperator), options);
  auto status = Echo(PlaintextChannel(server.port()));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_THAT(status.error_message(), HasSubstr("insecure-local"));
}

TEST(Server, InsecureOnNonLoopbackAddressRefusesToStart) {
  for (char const* listen : {"0.0.0.0:0", "[::]:0", "192.0.2.1:0", "example.com:0"}) {
    SCOPED_TRACE(listen);
    ServerOptions options;
    options.listen = listen;
    options.insecure_loopback = true;
    auto server = Server::Start(options);
    EXPECT_THAT(server, StatusIs(absl::StatusCode::kInvalidArgument,
                                 HasSubstr("not a loopback address")));
  }
}

TEST(Server, MutualTlsWithoutCertificatesRefusesToStart) {
  ServerOptions options;
  options.listen = "127.0.0.1:0";
  EXPECT_THAT(Server::Start(options),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("server.tls")));
}

TEST(Server, PortInUseIsUnavailable) {
  ServerOptions options;
  options.listen = "127.0.0.1:0";
  options.insecure_loopback = true;
  RunningServer first(EchoAllowedTo(kOperator), options);
  options.listen = absl::StrCat("127.0.0.1:", first.port());
  auto second = Server::Start(options);
  EXPECT_THAT(second, StatusIs(absl::StatusCode::kUnavailable, HasSubstr("cannot listen")));
}

// A channel with a subchannel pool of its own, so each call makes a new connection and sees
// what the server presents now (channels to one address otherwise share a connection).
std::shared_ptr<grpc::Channel> FreshTlsChannel(int port, std::string const& ca_pem,
                                               KeyPair const& client) {
  grpc::SslCredentialsOptions tls;
  tls.pem_root_certs = ca_pem;
  tls.pem_cert_chain = client.cert_pem;
  tls.pem_private_key = client.key_pem;
  grpc::ChannelArguments arguments;
  arguments.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
  return grpc::CreateCustomChannel(absl::StrCat("127.0.0.1:", port), grpc::SslCredentials(tls),
                                   arguments);
}

// The certificate the server presented to a new connection's Echo; "" when the call failed.
std::string PresentedCertificate(int port, std::string const& ca_pem, KeyPair const& client) {
  auto stub = TestService::NewStub(FreshTlsChannel(port, ca_pem, client));
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
  EchoRequest request;
  EchoResponse response;
  if (!stub->Echo(&context, request, &response).ok()) return "";
  auto values = context.auth_context()->FindPropertyValues("x509_pem_cert");
  if (values.empty()) return "";
  return std::string(absl::StripAsciiWhitespace(absl::string_view(values[0].data(), values[0].size())));
}

std::string Trimmed(std::string const& pem) {
  return std::string(absl::StripAsciiWhitespace(pem));
}

// Calls `probe` until it returns `expected` or 15 s pass; returns what it returned last.
template <typename Probe>
std::string WaitFor(std::string const& expected, Probe probe) {
  auto deadline = absl::Now() + absl::Seconds(15);
  std::string last = probe();
  while (last != expected && absl::Now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    last = probe();
  }
  return last;
}

ServerOptions ReloadingOptions(RotatingTlsFiles const& files, std::string const& ca_pem,
                               KeyPair const& pair) {
  ServerOptions options;
  options.listen = "127.0.0.1:0";
  options.tls = {ca_pem,           pair.cert_pem,     pair.key_pem,        files.ca_file(),
                 files.cert_file(), files.key_file(), absl::Seconds(1)};
  return options;
}

TEST(Server, ServesARenewedCertificateWithoutRestart) {
  TestCa ca("main");
  KeyPair first = ca.IssueServer();
  KeyPair renewed = ca.IssueServer();
  KeyPair client = ca.IssueClient(kOperator);
  RotatingTlsFiles files(ca.ca_pem(), first);
  RunningServer server(EchoAllowedTo(kOperator), ReloadingOptions(files, ca.ca_pem(), first));
  ASSERT_EQ(PresentedCertificate(server.port(), ca.ca_pem(), client), Trimmed(first.cert_pem));

  files.Rotate(ca.ca_pem(), renewed);
  EXPECT_EQ(WaitFor(Trimmed(renewed.cert_pem),
                    [&] { return PresentedCertificate(server.port(), ca.ca_pem(), client); }),
            Trimmed(renewed.cert_pem));
}

TEST(Server, TrustsARenewedClientCaWithoutRestart) {
  TestCa ca("main");
  TestCa next_ca("next");
  KeyPair pair = ca.IssueServer();
  KeyPair next_client = next_ca.IssueClient(kOperator);
  RotatingTlsFiles files(ca.ca_pem(), pair);
  RunningServer server(EchoAllowedTo(kOperator), ReloadingOptions(files, ca.ca_pem(), pair));
  ASSERT_EQ(PresentedCertificate(server.port(), ca.ca_pem(), next_client), "");

  // A CA rotation's first step: the bundle trusts both the old and the new CA.
  files.Rotate(ca.ca_pem() + next_ca.ca_pem(), pair);
  EXPECT_EQ(WaitFor(Trimmed(pair.cert_pem),
                    [&] { return PresentedCertificate(server.port(), ca.ca_pem(), next_client); }),
            Trimmed(pair.cert_pem));
}

TEST(Server, KeepsServingWhatItReadLastWhenTheFilesDisappear) {
  TestCa ca("main");
  KeyPair first = ca.IssueServer();
  KeyPair renewed = ca.IssueServer();
  KeyPair client = ca.IssueClient(kOperator);
  RotatingTlsFiles files(ca.ca_pem(), first);
  RunningServer server(EchoAllowedTo(kOperator), ReloadingOptions(files, ca.ca_pem(), first));

  files.RemoveAll();
  std::this_thread::sleep_for(std::chrono::seconds(3));  // three reload intervals
  EXPECT_EQ(PresentedCertificate(server.port(), ca.ca_pem(), client), Trimmed(first.cert_pem));

  files.Rotate(ca.ca_pem(), renewed);
  EXPECT_EQ(WaitFor(Trimmed(renewed.cert_pem),
                    [&] { return PresentedCertificate(server.port(), ca.ca_pem(), client); }),
            Trimmed(renewed.cert_pem));
}

TEST(Server, WithoutAReloadIntervalServesWhatItReadAtStart) {
  TestCa ca("main");
  KeyPair first = ca.IssueServer();
  KeyPair client = ca.IssueClient(kOperator);
  RotatingTlsFiles files(ca.ca_pem(), first);
  ServerOptions options = ReloadingOptions(files, ca.ca_pem(), first);
  options.tls.reload_interval = absl::ZeroDuration();
  RunningServer server(EchoAllowedTo(kOperator), options);

  files.Rotate(ca.ca_pem(), ca.IssueServer());
  std::this_thread::sleep_for(std::chrono::seconds(2));
  EXPECT_EQ(PresentedCertificate(server.port(), ca.ca_pem(), client), Trimmed(first.cert_pem));
}

}  // namespace
}  // namespace stablecut::server
