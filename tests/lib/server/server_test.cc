// The server core over real sockets: mTLS identities, the ACL, the health-only port.

#include "lib/server/server.h"

#include <memory>

#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "lib/auth/acl.h"
#include "lib/server/rpc_guard.h"
#include "tests/testing/log_capture.h"
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
  options.tls = {ca.ca_pem(), server_pair.cert_pem, server_pair.key_pem};
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

}  // namespace
}  // namespace stablecut::server
