// The shared service main, as a real process (stablecut-test-server): config errors,
// refusing unsafe flags, graceful shutdown on signals.

#include "lib/service_main/service_main.h"

#include <signal.h>

#include <thread>

#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "stablecut/testing/v1/test_service.grpc.pb.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/subprocess.h"
#include "tests/testing/temp_dir.h"
#include "tests/testing/test_ca.h"

namespace stablecut::service_main {
namespace {

using ::stablecut::testing::CommandResult;
using ::stablecut::testing::IsOk;
using ::stablecut::testing::RunCommand;
using ::stablecut::testing::Subprocess;
using ::stablecut::testing::TempDir;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kServer[] = STABLECUT_TEST_SERVER_BINARY;

constexpr char kInsecureConfig[] = R"pb(server {
  shutdown_grace: "20s"
  acl { method: "stablecut.testing.v1.TestService/*" identities: "insecure-local" }
}
)pb";

std::vector<std::string> NonEmptyLines(std::string const& text) {
  return absl::StrSplit(text, '\n', absl::SkipWhitespace());
}

TEST(ServiceMain, ConfigErrorsNameFileLineAndFieldInOneLine) {
  struct Case {
    char const* name;
    char const* config;
    std::vector<std::string> flags;
    char const* message;
  } const cases[] = {
      {"unknown field", "server {\n  lisen: \"127.0.0.1:0\"\n}\n", {"--insecure_loopback"},
       "c.txtpb:2:8: Message type \"stablecut.v1.ServerConfig\" has no field named \"lisen\""},
      {"bad listen", "server {\n  listen: \"nonsense\"\n}\n", {"--insecure_loopback"},
       "c.txtpb:2: server.listen: listen address \"nonsense\" has no port"},
      {"bad health listen", "server {\n\n  health_listen: \"[::1\"\n}\n", {"--insecure_loopback"},
       "c.txtpb:3: server.health_listen: "},
      {"bad duration", "server {\n  listen: \"127.0.0.1:0\"\n  shutdown_grace: \"30\"\n}\n",
       {"--insecure_loopback"}, "c.txtpb:3: server.shutdown_grace: \"30\" is not a duration"},
      {"unknown acl method",
       "server {\n  acl { method: \"stablecut.testing.v1.TestService/Echo\" identities: \"a\" }\n"
       "  acl {\n    method: \"stablecut.testing.v1.TestService/Ech\"\n    identities: \"a\"\n"
       "  }\n}\n",
       {"--insecure_loopback"}, "c.txtpb:3: server.acl[1]: this server serves no method"},
      {"acl without identities",
       "server {\n  acl { method: \"stablecut.testing.v1.TestService/*\" }\n}\n",
       {"--insecure_loopback"}, "c.txtpb:2: server.acl[0]: rule for"},
      {"tls missing", "server {\n  listen: \"127.0.0.1:0\"\n}\n", {},
       "c.txtpb:1: server.tls.ca_file: is required for mTLS"},
      {"tls file missing",
       "server {\n  tls {\n    ca_file: \"/nonexistent/ca.pem\"\n  }\n}\n", {},
       "c.txtpb:3: server.tls.ca_file: cannot read \"/nonexistent/ca.pem\""},
      {"bad flag value", "", {"--listen=localhost"}, "--listen: listen address"},
      {"bad log format", "", {"--log_format=xml"}, "--log_format: log format \"xml\""},
  };
  for (auto const& c : cases) {
    SCOPED_TRACE(c.name);
    TempDir dir;
    std::string config = dir.WriteFile("c.txtpb", c.config);
    std::vector<std::string> argv = {kServer, "--config=" + config};
    argv.insert(argv.end(), c.flags.begin(), c.flags.end());
    auto result = RunCommand(argv, dir.path() + "/out.log");
    ASSERT_THAT(result, IsOk());
    EXPECT_EQ(result->exit_code, 2) << result->output;
    EXPECT_THAT(result->output, HasSubstr(c.message));
    EXPECT_EQ(NonEmptyLines(result->output).size(), 1u) << result->output;
  }
}

// gRPC core alone reports these as log lines and a failed bind ("the port is in use").
TEST(ServiceMain, BadTlsMaterialIsNamedInOneLineBeforeTheServerIsBuilt) {
  stablecut::testing::TestCa ca("service-main-test");
  auto server = ca.IssueServer();
  auto other = ca.IssueServer();
  struct Case {
    char const* name;
    std::string ca_pem, cert_pem, key_pem;
    char const* message;
  } const cases[] = {
      {"key as certificate", ca.ca_pem(), server.key_pem, server.key_pem,
       "c.txtpb:4: server.tls.cert_file: holds a private key"},
      {"certificate as key", ca.ca_pem(), server.cert_pem, server.cert_pem,
       "c.txtpb:5: server.tls.key_file: holds a certificate, not a private key"},
      {"key of another certificate", ca.ca_pem(), server.cert_pem, other.key_pem,
       "c.txtpb:5: server.tls.key_file: does not belong to the certificate in cert_file"},
      {"damaged certificate", ca.ca_pem(),
       "-----BEGIN CERTIFICATE-----\nMIIBkTCB+wIJAKHHIG\n-----END CERTIFICATE-----\n",
       server.key_pem, "c.txtpb:4: server.tls.cert_file: holds no X.509 certificate"},
      {"key as CA", server.key_pem, server.cert_pem, server.key_pem,
       "c.txtpb:3: server.tls.ca_file: holds a private key"},
  };
  for (auto const& c : cases) {
    SCOPED_TRACE(c.name);
    TempDir dir;
    std::string config = dir.WriteFile(
        "c.txtpb", absl::StrCat("server {\n  tls {\n    ca_file: \"", dir.WriteFile("ca.pem", c.ca_pem),
                                "\"\n    cert_file: \"", dir.WriteFile("cert.pem", c.cert_pem),
                                "\"\n    key_file: \"", dir.WriteFile("key.pem", c.key_pem),
                                "\"\n  }\n  listen: \"127.0.0.1:0\"\n  health_listen: \"none\"\n}\n"));
    auto result = RunCommand({kServer, "--config=" + config}, dir.path() + "/out.log");
    ASSERT_THAT(result, IsOk());
    EXPECT_EQ(result->exit_code, 2) << result->output;
    EXPECT_THAT(result->output, HasSubstr(c.message));
    EXPECT_THAT(result->output, Not(HasSubstr("port")));
    EXPECT_EQ(NonEmptyLines(result->output).size(), 1u) << result->output;
  }
}

TEST(ServiceMain, TlsReloadIntervalUnderASecondIsNamed) {
  stablecut::testing::TestCa ca("service-main-test");
  auto server = ca.IssueServer();
  TempDir dir;
  std::string config = dir.WriteFile(
      "c.txtpb",
      absl::StrCat("server {\n  tls {\n    ca_file: \"", dir.WriteFile("ca.pem", ca.ca_pem()),
                   "\"\n    cert_file: \"", dir.WriteFile("cert.pem", server.cert_pem),
                   "\"\n    key_file: \"", dir.WriteFile("key.pem", server.key_pem),
                   "\"\n    reload_interval: \"500ms\"\n  }\n  listen: \"127.0.0.1:0\"\n}\n"));
  auto result = RunCommand({kServer, "--config=" + config}, dir.path() + "/out.log");
  ASSERT_THAT(result, IsOk());
  EXPECT_EQ(result->exit_code, 2) << result->output;
  EXPECT_THAT(result->output, HasSubstr("c.txtpb:6: server.tls.reload_interval: \"500ms\" is "
                                        "not a duration of at least 1s"));
}

TEST(ServiceMain, MissingConfigFileIsNamed) {
  TempDir dir;
  auto result = RunCommand({kServer, "--config=/nonexistent/c.txtpb"}, dir.path() + "/out.log");
  ASSERT_THAT(result, IsOk());
  EXPECT_EQ(result->exit_code, 2);
  EXPECT_THAT(result->output, HasSubstr("/nonexistent/c.txtpb: cannot read the config file"));

  result = RunCommand({kServer}, dir.path() + "/out.log");
  ASSERT_THAT(result, IsOk());
  EXPECT_EQ(result->exit_code, 2);
  EXPECT_THAT(result->output, HasSubstr("--config=FILE is required"));
}

TEST(ServiceMain, InsecureOnNonLoopbackAddressRefusesToStart) {
  TempDir dir;
  std::string config = dir.WriteFile("c.txtpb", kInsecureConfig);
  auto result = RunCommand({kServer, "--config=" + config, "--insecure_loopback",
                            "--listen=0.0.0.0:0"},
                           dir.path() + "/out.log");
  ASSERT_THAT(result, IsOk());
  EXPECT_EQ(result->exit_code, 2) << result->output;
  EXPECT_THAT(result->output, HasSubstr("not a loopback address"));
  EXPECT_THAT(result->output, ::testing::Not(HasSubstr("serving")));
}

void SlowCallThroughSignal(int signal_number, char const* signal_name) {
  TempDir dir;
  std::string config = dir.WriteFile("c.txtpb", kInsecureConfig);
  auto server = Subprocess::Start({kServer, "--config=" + config, "--insecure_loopback",
                                   "--listen=127.0.0.1:0", "--health_listen=127.0.0.1:0"},
                                  dir.path() + "/server.log");
  ASSERT_THAT(server, IsOk());
  auto port = server->WaitForLoggedInt("serving", "port");
  ASSERT_THAT(port, IsOk());

  grpc::Status status;
  stablecut::testing::v1::SlowResponse response;
  std::thread call([&] {
    auto stub = stablecut::testing::v1::TestService::NewStub(grpc::CreateChannel(
        absl::StrCat("127.0.0.1:", *port), grpc::InsecureChannelCredentials()));
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    stablecut::testing::v1::SlowRequest request;
    request.set_duration_ms(1500);
    status = stub->Slow(&context, request, &response);
  });
  ASSERT_THAT(server->WaitForLogLine("slow call started"), IsOk());
  server->Signal(signal_number);
  ASSERT_THAT(server->WaitForLogLine(absl::StrCat("shutting down signal=", signal_name)),
              IsOk());
  call.join();

  EXPECT_TRUE(status.ok()) << status.error_message();
  EXPECT_GE(response.elapsed_ms(), 1500);
  auto exit_code = server->Wait();
  ASSERT_THAT(exit_code, IsOk());
  EXPECT_EQ(*exit_code, 0) << server->Log();
  EXPECT_THAT(server->Log(), HasSubstr("code=OK"));
  EXPECT_THAT(server->Log(), HasSubstr("stopped"));
}

TEST(ServiceMain, SigtermDuringASlowCallLetsItCompleteAndExitsZero) {
  SlowCallThroughSignal(SIGTERM, "SIGTERM");
}

TEST(ServiceMain, SigintDuringASlowCallLetsItCompleteAndExitsZero) {
  SlowCallThroughSignal(SIGINT, "SIGINT");
}

// Background work starts only once the ports are bound, and stops before the server drains.
TEST(ServiceMain, TheAppStartsAfterThePortsAreBoundAndStopsBeforeExit) {
  TempDir dir;
  std::string config = dir.WriteFile("c.txtpb", kInsecureConfig);
  auto first = Subprocess::Start({kServer, "--config=" + config, "--insecure_loopback",
                                  "--listen=127.0.0.1:0", "--health_listen=none"},
                                 dir.path() + "/first.log");
  ASSERT_THAT(first, IsOk());
  auto port = first->WaitForLoggedInt("serving", "port");
  ASSERT_THAT(port, IsOk());
  std::string log = first->Log();
  ASSERT_NE(log.find("app started"), std::string::npos) << log;
  EXPECT_LT(log.find("app started"), log.find("serving")) << log;

  // A second server on the same port fails to bind: its app never starts.
  auto second = RunCommand({kServer, "--config=" + config, "--insecure_loopback",
                            absl::StrCat("--listen=127.0.0.1:", *port), "--health_listen=none"},
                           dir.path() + "/second.log");
  ASSERT_THAT(second, IsOk());
  EXPECT_NE(second->exit_code, 0);
  EXPECT_THAT(second->output, Not(HasSubstr("app started")));

  first->Signal(SIGTERM);
  auto exit_code = first->Wait();
  ASSERT_THAT(exit_code, IsOk());
  EXPECT_EQ(*exit_code, 0);
  log = first->Log();
  ASSERT_NE(log.find("app stopped"), std::string::npos) << log;
  EXPECT_LT(log.find("shutting down"), log.find("app stopped")) << log;
  ASSERT_NE(log.find("stopped binary="), std::string::npos) << log;
  EXPECT_LT(log.find("app stopped"), log.find("stopped binary=")) << log;
}

TEST(ServiceMain, JsonLogFormatWritesJsonLines) {
  TempDir dir;
  std::string config = dir.WriteFile("c.txtpb", kInsecureConfig);
  auto server = Subprocess::Start({kServer, "--config=" + config, "--insecure_loopback",
                                   "--listen=127.0.0.1:0", "--health_listen=none",
                                   "--log_format=json"},
                                  dir.path() + "/server.log");
  ASSERT_THAT(server, IsOk());
  auto line = server->WaitForLogLine("\"event\":\"serving\"");
  ASSERT_THAT(line, IsOk());
  EXPECT_THAT(*line, ::testing::StartsWith("{\"time\":\""));
  EXPECT_THAT(*line, HasSubstr("\"level\":\"info\""));
  EXPECT_THAT(*line, HasSubstr("\"health_port\":\"0\""));
  EXPECT_THAT(*line, ::testing::EndsWith("}"));
  server->Signal(SIGTERM);
  auto exit_code = server->Wait();
  ASSERT_THAT(exit_code, IsOk());
  EXPECT_EQ(*exit_code, 0);
}

}  // namespace
}  // namespace stablecut::service_main
