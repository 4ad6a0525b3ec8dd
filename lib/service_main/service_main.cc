#include "lib/service_main/service_main.h"

#include <csignal>
#include <cstring>
#include <iostream>
#include <map>
#include <set>

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>
#include <grpcpp/impl/codegen/service_type.h>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/reflection.h"
#include "absl/flags/usage.h"
#include "absl/flags/usage_config.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "lib/log/log.h"
#include "lib/openssl/keep_through_exit.h"
#include "lib/server/server.h"
#include "lib/server/shutdown_signal.h"
#include "lib/service_main/server_settings.h"
#include "stablecut/v1/config.pb.h"

// The flags every service binary takes; everything else is in the config file. They live
// here rather than in each main.cc because the three binaries take exactly the same ones.
ABSL_FLAG(std::string, config, "",
          "Path of the config file (text-format protobuf; schema in "
          "protos/stablecut/v1/config.proto). Required.");
ABSL_FLAG(std::string, listen, "",
          "host:port of the gRPC port, overriding server.listen. Port 0 picks a free port.");
ABSL_FLAG(std::string, health_listen, "",
          "host:port of the plaintext health-only port, overriding server.health_listen; "
          "\"none\" serves none.");
ABSL_FLAG(bool, insecure_loopback, false,
          "Serve plaintext instead of mTLS, for local development only: refused unless the "
          "listen address is 127.0.0.1, ::1 or localhost. Every caller is then "
          "\"insecure-local\", which the ACL must name to let it in.");
ABSL_FLAG(std::string, log_format, "text", "Log line format on stderr: text or json.");

namespace stablecut::service_main {
namespace {

constexpr int kExitServeError = 1;
constexpr int kExitUsageError = 2;

int UsageError(absl::string_view message) {
  std::cerr << message << "\n";
  return kExitUsageError;
}

std::set<std::string> ServedMethods(std::vector<std::string> const& service_names) {
  std::set<std::string> methods;
  auto const* pool = google::protobuf::DescriptorPool::generated_pool();
  for (auto const& name : service_names) {
    auto const* service = pool->FindServiceByName(name);
    if (service == nullptr) continue;
    for (int i = 0; i < service->method_count(); ++i) {
      methods.insert(absl::StrCat("/", name, "/", service->method(i)->name()));
    }
  }
  return methods;
}

v1::ServerConfig const& ServerSection(google::protobuf::Message const& config) {
  auto const* field = config.GetDescriptor()->FindFieldByName("server");
  auto const& section = config.GetReflection()->GetMessage(config, field);
  return static_cast<v1::ServerConfig const&>(section);
}

bool IsOurFlagFile(absl::string_view file) { return absl::StrContains(file, "service_main"); }

void SetUpUsage(ServiceBinary const& binary) {
  absl::FlagsUsageConfig usage;
  usage.contains_helpshort_flags = IsOurFlagFile;
  usage.contains_help_flags = IsOurFlagFile;
  absl::SetFlagsUsageConfig(usage);
  absl::SetProgramUsageMessage(absl::StrCat(
      binary.name, ": ", binary.summary, "\n\nUsage: ", binary.name,
      " --config=FILE [--listen=HOST:PORT] [--health_listen=HOST:PORT|none] "
      "[--insecure_loopback] [--log_format=text|json]\n\nDefaults: gRPC (mTLS) on ",
      binary.default_listen, ", plaintext health on ", binary.default_health_listen,
      ".\nSIGTERM or SIGINT: stop accepting calls, let in-flight calls finish for up to "
      "server.shutdown_grace, exit 0."));
}

// absl's own --help exits 1 and lists flags by source file; a help that was asked for
// should exit 0 and list just the flags a user can pass.
bool WantsHelp(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    absl::string_view arg = argv[i];
    if (arg == "--help" || arg == "-help" || arg == "-h" || arg == "--helpshort") return true;
  }
  return false;
}

void PrintHelp() {
  std::cout << absl::ProgramUsageMessage() << "\n\nFlags:\n";
  std::map<std::string, absl::CommandLineFlag*> ours;
  for (auto const& [name, flag] : absl::GetAllFlags()) {
    if (IsOurFlagFile(flag->Filename())) ours.emplace(std::string(name), flag);
  }
  for (auto const& [name, flag] : ours) {
    std::cout << "  --" << name << "  (default: \"" << flag->DefaultValue() << "\")\n      "
              << flag->Help() << "\n";
  }
}

}  // namespace

int Run(int argc, char** argv, ServiceBinary const& binary) {
  // Before gRPC or libcurl touch OpenSSL; see keep_through_exit.h.
  if (!openssl::KeepThroughExit()) {
    std::cerr << binary.name << ": OpenSSL failed to initialize\n";
    return kExitServeError;
  }
  // Before any thread exists, so that every thread inherits the mask and the signals
  // wait for WaitForShutdownSignal().
  server::BlockShutdownSignals();
  SetUpUsage(binary);
  if (WantsHelp(argc, argv)) {
    PrintHelp();
    return 0;
  }
  auto positional = absl::ParseCommandLine(argc, argv);
  if (positional.size() > 1) {
    return UsageError(absl::StrCat(binary.name, ": unexpected argument \"", positional[1],
                                   "\"; see --help"));
  }

  auto log_format = log::ParseFormat(absl::GetFlag(FLAGS_log_format));
  if (!log_format.ok()) return UsageError(absl::StrCat("--log_format: ", log_format.status().message()));
  log::SetUp(*log_format);

  std::string config_path = absl::GetFlag(FLAGS_config);
  if (config_path.empty()) {
    return UsageError(absl::StrCat(binary.name, ": --config=FILE is required; see --help"));
  }
  auto config = binary.new_config();
  auto file = config::ConfigFile::Load(config_path, *config);
  if (!file.ok()) return UsageError(file.status().message());

  auto served_methods = ServedMethods(binary.service_names);
  served_methods.insert(binary.rights.begin(), binary.rights.end());
  ServerFlags flags{absl::GetFlag(FLAGS_listen), absl::GetFlag(FLAGS_health_listen),
                    absl::GetFlag(FLAGS_insecure_loopback)};
  auto settings = ReadServerSettings(*file, ServerSection(*config), "server",
                                     {binary.default_listen, binary.default_health_listen},
                                     flags, served_methods);
  if (!settings.ok()) return UsageError(settings.status().message());

  server::RpcGuard guard(std::move(settings->acl), flags.insecure_loopback,
                         settings->default_deadline);
  auto app = binary.make_app(*config, *file, guard);
  if (!app.ok()) return UsageError(app.status().message());
  settings->options.services = (*app)->Services();
  settings->options.service_names = binary.service_names;

  auto server = server::Server::Start(std::move(settings->options));
  if (!server.ok()) {
    log::Event(log::Level::kError, "start failed",
               {{"binary", binary.name}, {"error", std::string(server.status().message())}});
    return server.status().code() == absl::StatusCode::kInvalidArgument ? kExitUsageError
                                                                         : kExitServeError;
  }
  (*app)->Start();
  log::Event(log::Level::kInfo, "serving",
             {{"binary", binary.name},
              {"config", config_path},
              {"port", absl::StrCat((*server)->port())},
              {"health_port", absl::StrCat((*server)->health_port())},
              {"transport", flags.insecure_loopback ? "plaintext-loopback" : "mtls"}});

  int signal_number = server::WaitForShutdownSignal();
  log::Event(log::Level::kInfo, "shutting down",
             {{"signal", signal_number == SIGTERM ? "SIGTERM" : "SIGINT"}});
  (*app)->Stop();
  (*server)->Shutdown();
  (*server)->Wait();
  log::Event(log::Level::kInfo, "stopped", {{"binary", binary.name}});
  return 0;
}

}  // namespace stablecut::service_main
