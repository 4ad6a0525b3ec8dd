// The three service binaries as real processes: --help, and health and reflection over mTLS
// seen with the real `buf curl`.

#include <signal.h>
#include <sys/stat.h>

#include <algorithm>

#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/subprocess.h"
#include "tests/testing/temp_dir.h"
#include "tests/testing/test_ca.h"

namespace stablecut {
namespace {

using ::stablecut::testing::IsOk;
using ::stablecut::testing::KeyPair;
using ::stablecut::testing::RunCommand;
using ::stablecut::testing::Subprocess;
using ::stablecut::testing::TempDir;
using ::stablecut::testing::TestCa;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kBuf[] = STABLECUT_BUF_BINARY;
constexpr char kOperator[] = "spiffe://stablecut/operator";

struct Binary {
  char const* path;
  char const* service;
  char const* allowed_method;    // the operator may call it
  char const* allowed_answer;    // what `{}` gets from it: past the ACL, before any upstream
  char const* forbidden_method;  // the operator may not
  char const* extra_config;      // the binary's own config fields
};

// The candidate service needs a GitHub; nothing listens on port 1, and nothing here calls it.
constexpr char kCandidateConfig[] =
    "github {\n  api_base_url: \"http://127.0.0.1:1\"\n  uploads_base_url: "
    "\"http://127.0.0.1:1\"\n  repository: \"acme/widgets\"\n  token_file: \"TOKEN_FILE\"\n}\n"
    "finalize_interval: \"0s\"\n";

// The verifier reads GitHub anonymously here (no token); a malformed tag is refused before it.
constexpr char kVerifierConfig[] =
    "github {\n  api_base_url: \"http://127.0.0.1:1\"\n  repository: \"acme/widgets\"\n}\n";

// The publisher's peers and index are never reached: a malformed tag is refused before them.
constexpr char kPublisherConfig[] =
    "verifier {\n  address: \"127.0.0.1:1\"\n  tls { ca_file: \"CA_FILE\" cert_file: "
    "\"CERT_FILE\" key_file: \"KEY_FILE\" }\n}\n"
    "candidate_service {\n  address: \"127.0.0.1:1\"\n  tls { ca_file: \"CA_FILE\" "
    "cert_file: \"CERT_FILE\" key_file: \"KEY_FILE\" }\n}\n"
    "github {\n  api_base_url: \"http://127.0.0.1:1\"\n  repository: \"acme/widgets\"\n}\n"
    "targets {\n  name: \"pypi\"\n  upload_url: \"http://127.0.0.1:1/legacy/\"\n"
    "  json_api_base_url: \"http://127.0.0.1:1/pypi\"\n  token_file: \"TOKEN_FILE\"\n}\n"
    "audit_file: \"AUDIT_FILE\"\nprojects: \"widgets\"\n";

Binary const kBinaries[] = {
    {STABLECUT_CANDIDATE_BINARY, "stablecut.v1.CandidateService", "GetCandidate",
     "invalid_argument", "PromoteCandidate", kCandidateConfig},
    {STABLECUT_VERIFIER_BINARY, "stablecut.v1.VerifierService", "Verify", "invalid_argument",
     "PickCandidate", kVerifierConfig},
    {STABLECUT_PUBLISHER_BINARY, "stablecut.v1.PublisherService", "GetPublication",
     "invalid_argument", "Publish", kPublisherConfig},
};

TEST(ServiceBinaries, HelpDocumentsEveryFlag) {
  for (auto const& binary : kBinaries) {
    SCOPED_TRACE(binary.path);
    TempDir dir;
    auto result = RunCommand({binary.path, "--help"}, dir.path() + "/help.log");
    ASSERT_THAT(result, IsOk());
    EXPECT_EQ(result->exit_code, 0) << result->output;
    for (char const* flag :
         {"--config", "--listen", "--health_listen", "--insecure_loopback", "--log_format"}) {
      EXPECT_THAT(result->output, HasSubstr(flag));
    }
  }
}

// The candidate service's own config rules, each one line naming file, line and field (exit 2),
// and never the token.
TEST(ServiceBinaries, CandidateConfigErrorsAreOneLineAndNeverShowTheToken) {
  constexpr char kToken[] = "ghp_configTESTtoken0123456789";
  struct Case {
    char const* name;
    char const* token_content;
    mode_t token_mode;
    char const* extra;
    char const* message;
    char const* github_extra = "";  // inside the github block, after token_file
  } const cases[] = {
      {"token open to others", kToken, 0644, "",
       "c.txtpb:5: github.token_file: the secret file"},
      {"token open to group", kToken, 0640, "", "is open to group or others (mode 0640)"},
      {"token with a line break", "ghp_configTESTtoken0123456789\r\nX-Evil: 1", 0600, "",
       "holds a control character"},
      {"unknown placeholder", kToken, 0600, "candidate_name_template: \"<projekt> <tag>\"\n",
       "c.txtpb:7: candidate_name_template: unknown placeholder <projekt>"},
      {"token reload under a second", kToken, 0600, "",
       "c.txtpb:6: github.token_reload_interval: \"500ms\" is not a duration of at least 1s",
       "  token_reload_interval: \"500ms\"\n"},
      {"token reload not a duration", kToken, 0600, "",
       "github.token_reload_interval: \"often\" is not a duration", "  token_reload_interval: \"often\"\n"},
  };
  for (auto const& c : cases) {
    SCOPED_TRACE(c.name);
    TempDir dir;
    std::string token = dir.WriteFile("github.token", c.token_content);
    ASSERT_EQ(chmod(token.c_str(), c.token_mode), 0);
    std::string config = dir.WriteFile(
        "c.txtpb", absl::StrCat("server { health_listen: \"none\" }\ngithub {\n"
                                "  repository: \"acme/widgets\"\n"
                                "  api_base_url: \"http://127.0.0.1:9\"\n"
                                "  token_file: \"", token, "\"\n", c.github_extra, "}\n",
                                c.extra));
    auto result = RunCommand({STABLECUT_CANDIDATE_BINARY, "--config=" + config,
                              "--insecure_loopback", "--listen=127.0.0.1:0"},
                             dir.path() + "/out.log");
    ASSERT_THAT(result, IsOk());
    EXPECT_EQ(result->exit_code, 2) << result->output;
    EXPECT_THAT(result->output, HasSubstr(c.message));
    EXPECT_THAT(result->output, Not(HasSubstr("configTESTtoken")));
    EXPECT_EQ(std::count(result->output.begin(), result->output.end(), '\n'), 1)
        << result->output;
  }
}

// A binary running with mTLS on port 0, its certificates in a temporary directory.
class MutualTlsBinary {
 public:
  explicit MutualTlsBinary(Binary const& binary) : ca_("e2e") {
    KeyPair server_pair = ca_.IssueServer();
    KeyPair client = ca_.IssueClient(kOperator);
    ca_path_ = dir_.WriteFile("ca.pem", ca_.ca_pem());
    cert_path_ = dir_.WriteFile("operator.pem", client.cert_pem);
    key_path_ = dir_.WriteFile("operator.key", client.key_pem);
    std::string config = absl::StrCat(
        "server {\n  tls {\n    ca_file: \"", ca_path_, "\"\n    cert_file: \"",
        dir_.WriteFile("server.pem", server_pair.cert_pem), "\"\n    key_file: \"",
        dir_.WriteFile("server.key", server_pair.key_pem), "\"\n  }\n  acl { method: \"",
        binary.service, "/", binary.allowed_method, "\" identities: \"", kOperator,
        "\" }\n}\n",
        absl::StrReplaceAll(binary.extra_config,
                            {{"TOKEN_FILE", dir_.WriteFile("github.token", "ghp_e2e_unused")},
                             {"CA_FILE", ca_path_},
                             {"CERT_FILE", cert_path_},
                             {"KEY_FILE", key_path_},
                             {"AUDIT_FILE", dir_.path() + "/audit.jsonl"}}));
    auto process = Subprocess::Start(
        {binary.path, "--config=" + dir_.WriteFile("config.txtpb", config),
         "--listen=127.0.0.1:0", "--health_listen=127.0.0.1:0"},
        dir_.path() + "/service.log");
    EXPECT_THAT(process, IsOk());
    process_.emplace(*std::move(process));
    auto port = process_->WaitForLoggedInt("serving", "port");
    auto health_port = process_->WaitForLoggedInt("serving", "health_port");
    EXPECT_THAT(port, IsOk());
    EXPECT_THAT(health_port, IsOk());
    port_ = port.value_or(0);
    health_port_ = health_port.value_or(0);
  }

  ~MutualTlsBinary() {
    process_->Signal(SIGTERM);
    auto exit_code = process_->Wait();
    EXPECT_THAT(exit_code, IsOk());
    EXPECT_EQ(exit_code.value_or(-1), 0) << process_->Log();
  }

  // Runs `buf curl` against the mTLS port; with_certificate=false presents none.
  testing::CommandResult BufCurl(std::vector<std::string> args, bool with_certificate = true) {
    std::vector<std::string> argv = {kBuf, "curl", "--protocol", "grpc", "--cacert", ca_path_};
    if (with_certificate) {
      argv.insert(argv.end(), {"--cert", cert_path_, "--key", key_path_});
    }
    argv.insert(argv.end(), args.begin(), args.end());
    auto result = RunCommand(argv, dir_.path() + "/buf.log");
    EXPECT_THAT(result, IsOk());
    return result.value_or(testing::CommandResult{});
  }

  std::string url(std::string const& path = "") const {
    return absl::StrCat("https://127.0.0.1:", port_, path);
  }
  int health_port() const { return health_port_; }
  std::string Log() const { return process_->Log(); }

 private:
  TempDir dir_;
  TestCa ca_;
  std::string ca_path_, cert_path_, key_path_;
  std::optional<Subprocess> process_;
  int port_ = 0;
  int health_port_ = 0;
};

TEST(ServiceBinaries, BufCurlListsServicesThroughReflectionOverMutualTls) {
  for (auto const& binary : kBinaries) {
    SCOPED_TRACE(binary.path);
    MutualTlsBinary running(binary);
    auto services = running.BufCurl({"--list-services", running.url()});
    EXPECT_EQ(services.exit_code, 0) << services.output;
    EXPECT_THAT(services.output, HasSubstr(binary.service));
    EXPECT_THAT(services.output, HasSubstr("grpc.health.v1.Health"));
    EXPECT_THAT(services.output, HasSubstr("grpc.reflection.v1alpha.ServerReflection"));

    auto methods = running.BufCurl({"--list-methods", running.url()});
    EXPECT_EQ(methods.exit_code, 0) << methods.output;
    EXPECT_THAT(methods.output, HasSubstr(absl::StrCat(binary.service, "/", binary.allowed_method)));
    EXPECT_THAT(methods.output, HasSubstr("grpc.health.v1.Health/Check"));
  }
}

TEST(ServiceBinaries, ReflectionWithoutClientCertificateIsUnauthenticated) {
  MutualTlsBinary running(kBinaries[0]);
  auto result = running.BufCurl({"--list-services", running.url()}, /*with_certificate=*/false);
  EXPECT_NE(result.exit_code, 0) << result.output;
  // buf words UNAUTHENTICATED as "you are not authenticated" (with advice about its registry).
  EXPECT_THAT(result.output, HasSubstr("not authenticated"));
  EXPECT_THAT(result.output, Not(HasSubstr("stablecut.v1.CandidateService")));
}

TEST(ServiceBinaries, AclGuardsTheApiMethods) {
  for (auto const& binary : kBinaries) {
    SCOPED_TRACE(binary.path);
    MutualTlsBinary running(binary);
    // Allowed: the ACL lets the operator in, and the handler answers.
    auto allowed = running.BufCurl(
        {"--data", "{}", running.url(absl::StrCat("/", binary.service, "/", binary.allowed_method))});
    EXPECT_NE(allowed.exit_code, 0);
    EXPECT_THAT(allowed.output, HasSubstr(binary.allowed_answer));
    EXPECT_THAT(allowed.output, Not(HasSubstr("permission_denied")));
    // Not on the ACL: refused before anything runs.
    auto forbidden = running.BufCurl(
        {"--data", "{}",
         running.url(absl::StrCat("/", binary.service, "/", binary.forbidden_method))});
    EXPECT_NE(forbidden.exit_code, 0);
    EXPECT_THAT(forbidden.output, HasSubstr("permission_denied"));
    EXPECT_THAT(forbidden.output, HasSubstr(binary.forbidden_method));
    EXPECT_THAT(running.Log(), HasSubstr(absl::StrCat("caller=", kOperator,
                                                      " code=PERMISSION_DENIED")));
  }
}

TEST(ServiceBinaries, HealthPortAnswersWithoutCertificate) {
  MutualTlsBinary running(kBinaries[0]);
  auto stub = grpc::health::v1::Health::NewStub(
      grpc::CreateChannel(absl::StrCat("127.0.0.1:", running.health_port()),
                          grpc::InsecureChannelCredentials()));
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  grpc::health::v1::HealthCheckResponse response;
  auto status = stub->Check(&context, {}, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.status(), grpc::health::v1::HealthCheckResponse::SERVING);
}

}  // namespace
}  // namespace stablecut
