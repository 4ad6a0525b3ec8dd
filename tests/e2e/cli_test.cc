// The stablecut CLI as a real subprocess against the real services over mTLS (the
// publisher fixture: sandbox, candidate service, verifier, publisher): every command in
// text and JSON, the exit codes (0; 1 for a refused publish, which prints the failed
// checks; 2 usage; 3 nothing listening; 4 an identity the ACL refuses), publish progress on
// a pipe and on a pseudo-terminal, NO_COLOR, and flag over environment over config file.

#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <nlohmann/json.hpp>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "tests/e2e/publisher_e2e_fixture.h"
#include "tests/testing/subprocess.h"
#include "tests/testing/terminal.h"

namespace stablecut {
namespace {

using ::stablecut::testing::IsOk;
using ::stablecut::testing::KeyPair;
using ::stablecut::testing::ProgramResult;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

using namespace ::stablecut::publisher_e2e;  // NOLINT: the fixture's names

// A loopback port nothing listens on: bound once to learn a free one, then closed.
int ClosedPort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  socklen_t length = sizeof address;
  getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  close(fd);
  return ntohs(address.sin_port);
}

nlohmann::json ParseJson(std::string const& text) {
  auto json = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  EXPECT_FALSE(json.is_discarded()) << text;
  return json;
}

class CliTest : public PublisherServiceTest {
 protected:
  CliTest() {
    for (char const* method :
         {"ListCandidates", "GetCandidate", "CreateCandidate", "FinalizeCandidates"}) {
      absl::StrAppend(&candidate_acl_extra_, "  acl { method: \"stablecut.v1.CandidateService/",
                      method, "\" identities: \"", kOperator, "\" }\n");
    }
  }

  void SetUp() override {
    PublisherServiceTest::SetUp();
    if (HasFatalFailure()) return;
    home_ = dir_.path() + "/home";
    ASSERT_EQ(mkdir(home_.c_str(), 0700), 0);
    cert_ = dir_.WriteFile("cli-operator.pem", operator_.cert_pem);
    key_ = dir_.WriteFile("cli-operator.key", operator_.key_pem);
  }

  std::string Address(int port) const { return absl::StrCat("127.0.0.1:", port); }

  // Every setting as flags, for `identity` (the operator unless told).
  std::vector<std::string> Flags(KeyPair const* identity = nullptr) {
    std::string cert = cert_, key = key_;
    if (identity != nullptr) {
      cert = dir_.WriteFile("cli-other.pem", identity->cert_pem);
      key = dir_.WriteFile("cli-other.key", identity->key_pem);
    }
    return {"--candidate", Address(candidate_port_), "--verifier", Address(verifier_port_),
            "--publisher", Address(publisher_port_), "--ca", ca_file_, "--cert", cert,
            "--key", key};
  }

  // Runs `stablecut args…` with only HOME (empty) and `environment` set; records what it
  // printed for the fixture's token checks.
  ProgramResult Run(std::vector<std::string> const& args,
                    std::vector<std::string> environment = {}) {
    std::vector<std::string> argv = {STABLECUT_CLI_BINARY};
    argv.insert(argv.end(), args.begin(), args.end());
    environment.push_back("HOME=" + home_);
    auto result = ::stablecut::testing::RunProgram(
        argv, absl::StrCat(dir_.path(), "/cli-", ++runs_), {environment, absl::Seconds(120)});
    EXPECT_THAT(result, IsOk());
    if (!result.ok()) return {};
    answers_.push_back(result->out);
    answers_.push_back(result->err);
    return *result;
  }

  // The settings as flags before the command (CLI11 lets them come after it too): a flag
  // in `args` given again wins, as the last one does.
  ProgramResult RunWithFlags(std::vector<std::string> const& args,
                             std::vector<std::string> environment = {}) {
    auto flags = Flags();
    flags.insert(flags.end(), args.begin(), args.end());
    return Run(flags, std::move(environment));
  }

  ::stablecut::testing::CommandResult RunOnTerminal(std::vector<std::string> args,
                                                    std::vector<std::string> environment = {}) {
    std::vector<std::string> argv = {STABLECUT_CLI_BINARY};
    argv.insert(argv.end(), args.begin(), args.end());
    auto flags = Flags();
    argv.insert(argv.end(), flags.begin(), flags.end());
    environment.push_back("HOME=" + home_);
    auto result = ::stablecut::testing::RunInTerminal(argv, environment, 120,
                                                      absl::Seconds(120));
    EXPECT_THAT(result, IsOk());
    if (!result.ok()) return {};
    answers_.push_back(result->output);
    return *result;
  }

  std::string home_, cert_, key_;
  int runs_ = 0;
};

#define EXPECT_EXIT_CODE(result, code) \
  EXPECT_EQ((result).exit_code, code) << "stdout:\n" << (result).out << "stderr:\n" << (result).err

TEST_F(CliTest, CandidatesListShowCutAndFinalizeInTextAndJson) {
  auto list = RunWithFlags({"candidates", "list"});
  EXPECT_EXIT_CODE(list, 0);
  EXPECT_THAT(list.out, AllOf(StartsWith("TAG"), HasSubstr(tag_[5]), HasSubstr("pre-release")));
  EXPECT_EQ(list.err, "");

  auto json = RunWithFlags({"candidates", "list", "--state", "pre-release", "--output", "json"});
  EXPECT_EXIT_CODE(json, 0);
  auto listed = ParseJson(json.out);
  ASSERT_TRUE(listed["candidates"].is_array()) << json.out;
  ASSERT_FALSE(listed["candidates"].empty());
  std::set<std::string> tags;
  for (auto const& candidate : listed["candidates"]) {
    EXPECT_EQ(candidate["state"], "STATE_PRE_RELEASE");
    tags.insert(candidate["tag"].get<std::string>());
  }
  EXPECT_EQ(tags.count(tag_[5]), 1u);
  auto limited = RunWithFlags({"candidates", "list", "--limit", "1", "--output", "json"});
  EXPECT_EQ(ParseJson(limited.out)["candidates"].size(), 1u);
  EXPECT_EXIT_CODE(RunWithFlags({"candidates", "list", "--state", "stale"}), 2);

  auto show = RunWithFlags({"candidates", "show", tag_[5]});
  EXPECT_EXIT_CODE(show, 0);
  for (auto const& [name, sha] : assets_) {
    EXPECT_THAT(show.out, HasSubstr(name));
    EXPECT_THAT(show.out, HasSubstr(sha));
  }
  auto shown = ParseJson(RunWithFlags({"candidates", "show", tag_[5], "--output", "json"}).out);
  EXPECT_EQ(shown["tag"], tag_[5]);
  EXPECT_EQ(shown["assets"].size(), 2u);
  EXPECT_EQ(shown["state"], "STATE_PRE_RELEASE");

  auto unknown = RunWithFlags({"candidates", "show", "candidate-20000101.1"});
  EXPECT_EXIT_CODE(unknown, 1);
  EXPECT_THAT(unknown.err, StartsWith("stablecut: NOT_FOUND: "));
  auto malformed = RunWithFlags({"candidates", "show", "release-1"});
  EXPECT_EXIT_CODE(malformed, 2);
  EXPECT_THAT(malformed.err, StartsWith("stablecut: INVALID_ARGUMENT: "));

  auto cut = RunWithFlags({"candidates", "cut", "--output", "json"});
  EXPECT_EXIT_CODE(cut, 0);
  auto made = ParseJson(cut.out);
  EXPECT_THAT(made["tag"].get<std::string>(), StartsWith("candidate-"));
  EXPECT_FALSE(made["commitSha"].get<std::string>().empty());
  auto cut_text = RunWithFlags({"candidates", "cut"});
  EXPECT_EXIT_CODE(cut_text, 0);
  EXPECT_THAT(cut_text.out, AllOf(HasSubstr("tag:"), HasSubstr(made["tag"].get<std::string>())));

  auto finalize = RunWithFlags({"candidates", "finalize"});
  EXPECT_EXIT_CODE(finalize, 0);
  EXPECT_FALSE(finalize.out.empty());
  auto finalized = ParseJson(RunWithFlags({"candidates", "finalize", "--output", "json"}).out);
  EXPECT_TRUE(finalized.contains("finalized")) << finalized.dump();
  EXPECT_TRUE(finalized.contains("incomplete")) << finalized.dump();
}

TEST_F(CliTest, VerifyPrintsAMarkPerCheckAndExitsOneWhenNotApproved) {
  ASSERT_EQ(tag_.count(1), 1u);
  auto approved = RunWithFlags({"verify", tag_[5]});
  EXPECT_EXIT_CODE(approved, 0);
  EXPECT_THAT(approved.out, AllOf(HasSubstr(tag_[5]), HasSubstr(": approved"),
                                  HasSubstr("CHECK"), HasSubstr("DETAIL")));
  for (auto const& name : kCheckNames) EXPECT_THAT(approved.out, HasSubstr("✓  " + name));
  EXPECT_THAT(approved.out, Not(HasSubstr("\x1b[")));  // a pipe: no colours

  auto young = RunWithFlags({"verify", tag_[1]});
  EXPECT_EXIT_CODE(young, 1);
  EXPECT_THAT(young.out, HasSubstr("✗  age"));
  EXPECT_THAT(young.err, AllOf(StartsWith(absl::StrCat("stablecut: FAILED_PRECONDITION: ",
                                                      tag_[1], " is not approved: ")),
                               HasSubstr("age FAIL")));

  auto json = RunWithFlags({"verify", tag_[1], "--output", "json"});
  EXPECT_EXIT_CODE(json, 1);
  auto verdict = ParseJson(json.out);
  EXPECT_EQ(verdict["approved"], false);
  EXPECT_EQ(verdict["candidate"]["tag"], tag_[1]);
  ASSERT_EQ(verdict["checks"].size(), kCheckNames.size());
  EXPECT_EQ(verdict["checks"][0]["name"], "age");
  EXPECT_EQ(verdict["checks"][0]["outcome"], "OUTCOME_FAIL");
}

TEST_F(CliTest, PickNamesTheApprovedCandidateAndTheNewerOnesRejected) {
  auto pick = RunWithFlags({"pick"});
  EXPECT_EXIT_CODE(pick, 0);
  EXPECT_THAT(pick.out, AllOf(HasSubstr("Picked " + tag_[5]), HasSubstr("NEWER"),
                              HasSubstr(tag_[1]), HasSubstr("age FAIL")));
  auto json = ParseJson(RunWithFlags({"pick", "--output", "json"}).out);
  EXPECT_EQ(json["verdict"]["candidate"]["tag"], tag_[5]);
  EXPECT_EQ(json["verdict"]["approved"], true);
  EXPECT_FALSE(json["rejected"].empty());
}

TEST_F(CliTest, PublishIsRefusedListingTheFailedChecksThenPublishesOnAPipe) {
  auto refused = RunWithFlags({"publish", tag_[1]});
  EXPECT_EXIT_CODE(refused, 1);
  EXPECT_THAT(refused.err, AllOf(StartsWith("stablecut: FAILED_PRECONDITION: "),
                                 HasSubstr("age FAIL")));
  EXPECT_EQ(std::count(refused.err.begin(), refused.err.end(), '\n'), 1) << refused.err;

  auto dry = RunWithFlags({"publish", tag_[5], "--dry-run"});
  EXPECT_EXIT_CODE(dry, 0);
  EXPECT_THAT(dry.out, AllOf(HasSubstr("dry run: would upload"),
                             HasSubstr("nothing uploaded or promoted")));

  auto published = RunWithFlags({"publish", tag_[5]});
  EXPECT_EXIT_CODE(published, 0);
  for (auto const& [name, sha] : assets_) {
    EXPECT_THAT(published.out, HasSubstr(name + ": uploaded to sandbox ("));
  }
  EXPECT_THAT(published.out, HasSubstr("Published " + tag_[5] + ": promoted to stable"));
  EXPECT_THAT(published.out, Not(HasSubstr("\r")));
  EXPECT_THAT(published.out, Not(HasSubstr("\x1b")));
  EXPECT_EQ(StoredFiles(), assets_);
  ExpectPromoted();

  // Again, as JSON lines: one event each, the last one `done`, every file already there.
  auto again = RunWithFlags({"publish", tag_[5], "--output", "json"});
  EXPECT_EXIT_CODE(again, 0);
  std::vector<nlohmann::json> events;
  for (absl::string_view line : absl::StrSplit(again.out, '\n', absl::SkipEmpty())) {
    events.push_back(ParseJson(std::string(line)));
  }
  ASSERT_FALSE(events.empty());
  ASSERT_TRUE(events.back().contains("done")) << again.out;
  EXPECT_EQ(events.back()["done"]["tag"], tag_[5]);
  ASSERT_EQ(events.back()["done"]["files"].size(), 2u);
  for (auto const& file : events.back()["done"]["files"]) {
    EXPECT_EQ(file["outcome"], "FILE_OUTCOME_SKIPPED_EXISTING");
  }

  auto status = RunWithFlags({"status", tag_[5]});
  EXPECT_EXIT_CODE(status, 0);
  EXPECT_THAT(status.out, AllOf(HasSubstr(tag_[5] + ": promoted"), HasSubstr("sandbox"),
                                HasSubstr("audit records: ")));
  for (auto const& [name, sha] : assets_) EXPECT_THAT(status.out, HasSubstr(sha));
  auto publication = ParseJson(RunWithFlags({"status", tag_[5], "--output", "json"}).out);
  EXPECT_EQ(publication["promoted"], true);
  ASSERT_EQ(publication["targets"].size(), 1u);
  EXPECT_EQ(publication["targets"][0]["files"].size(), 2u);
}

TEST_F(CliTest, PublishOnATerminalRedrawsABarPerFileInColour) {
  auto published = RunOnTerminal({"publish", tag_[5]});
  EXPECT_EQ(published.exit_code, 0) << published.output;
  EXPECT_THAT(published.output, HasSubstr("\r\x1b[2K"));
  EXPECT_THAT(published.output, HasSubstr("[####################] 100%"));
  EXPECT_THAT(published.output, HasSubstr("\x1b[32muploaded to sandbox"));
  EXPECT_THAT(published.output, HasSubstr("promoted to stable"));
  for (auto const& [name, sha] : assets_) EXPECT_THAT(published.output, HasSubstr(name));
  EXPECT_EQ(StoredFiles(), assets_);

  // NO_COLOR, even empty: the bars are still redrawn, in no colour.
  auto plain = RunOnTerminal({"publish", tag_[5]}, {"NO_COLOR="});
  EXPECT_EQ(plain.exit_code, 0) << plain.output;
  EXPECT_THAT(plain.output, HasSubstr("\r\x1b[2K"));
  EXPECT_THAT(plain.output, HasSubstr("already on sandbox"));
  EXPECT_THAT(plain.output, Not(HasSubstr("\x1b[3")));
  EXPECT_THAT(plain.output, Not(HasSubstr("\x1b[1m")));
}

TEST_F(CliTest, ColoursOnlyOnATerminalWithoutNoColor) {
  auto coloured = RunOnTerminal({"verify", tag_[5]});
  EXPECT_EQ(coloured.exit_code, 0) << coloured.output;
  EXPECT_THAT(coloured.output, HasSubstr("\x1b[32m✓\x1b[0m"));
  auto plain = RunOnTerminal({"verify", tag_[5]}, {"NO_COLOR=1"});
  EXPECT_EQ(plain.exit_code, 0) << plain.output;
  EXPECT_THAT(plain.output, HasSubstr("✓"));
  EXPECT_THAT(plain.output, Not(HasSubstr("\x1b[")));
  // JSON is never coloured, even on a terminal.
  auto json = RunOnTerminal({"verify", tag_[5], "--output", "json"});
  EXPECT_THAT(json.output, Not(HasSubstr("\x1b[")));
}

TEST_F(CliTest, ExitCodesForUsageUnavailableAndPermission) {
  auto version = Run({"--version"});
  EXPECT_EXIT_CODE(version, 0);
  EXPECT_THAT(version.out, StartsWith("stablecut "));
  auto help = Run({"--help"});
  EXPECT_EXIT_CODE(help, 0);
  EXPECT_THAT(help.out, AllOf(HasSubstr("candidates"), HasSubstr("publish")));

  // 2: CLI11's parse errors, and settings found nowhere, one line naming all three places.
  auto bogus = Run({"verify", tag_[5], "--bogus"});
  EXPECT_EXIT_CODE(bogus, 2);
  EXPECT_THAT(bogus.err, StartsWith("stablecut: INVALID_ARGUMENT: "));
  EXPECT_EQ(std::count(bogus.err.begin(), bogus.err.end(), '\n'), 1) << bogus.err;
  EXPECT_EXIT_CODE(Run({}), 2);
  EXPECT_EXIT_CODE(Run({"publish", tag_[5], "--override", "age"}), 2);  // no --reason
  auto missing = Run({"verify", tag_[5], "--verifier", Address(verifier_port_)});
  EXPECT_EXIT_CODE(missing, 2);
  EXPECT_THAT(missing.err, AllOf(StartsWith("stablecut: INVALID_ARGUMENT: "), HasSubstr("--ca"),
                                 HasSubstr("STABLECUT_CA"), HasSubstr("`ca = FILE`"),
                                 HasSubstr(home_ + "/.config/stablecut/config")));
  EXPECT_EXIT_CODE(RunWithFlags({"verify", tag_[5], "--timeout", "soon"}), 2);

  // 3: nothing listens there.
  auto down = RunWithFlags({"verify", tag_[5], "--verifier", Address(ClosedPort())});
  EXPECT_EXIT_CODE(down, 3);
  EXPECT_THAT(down.err, AllOf(StartsWith("stablecut: UNAVAILABLE: the verifier at 127.0.0.1:"),
                              HasSubstr("is it running?")));

  // 4: a certificate of our CA whose identity no ACL names; and the operator without the
  // override right.
  std::vector<std::string> args = {"verify", tag_[5]};
  auto flags = Flags(&intruder_);
  args.insert(args.end(), flags.begin(), flags.end());  // after the command, this time
  auto intruder = Run(args);
  EXPECT_EXIT_CODE(intruder, 4);
  EXPECT_THAT(intruder.err, AllOf(StartsWith("stablecut: PERMISSION_DENIED: "),
                                  HasSubstr(kIntruder)));
  auto no_right = RunWithFlags({"publish", tag_[3], "--override", "age", "--reason", "hotfix"});
  EXPECT_EXIT_CODE(no_right, 4);
  EXPECT_TRUE(StoredFiles().empty());
}

// The services' certificates here name hosts, no URI: asking for a workload identity makes
// the handshake fail, with the flag to fix named.
TEST_F(CliTest, AServiceIdentityIsCheckedInsteadOfTheHostNameWhenGiven) {
  auto wrong = RunWithFlags({"verify", tag_[5], "--verifier-identity", "spiffe://stablecut/verifier"});
  EXPECT_EXIT_CODE(wrong, 3);
  EXPECT_THAT(wrong.err, AllOf(StartsWith("stablecut: UNAVAILABLE: the TLS handshake with the verifier"),
                               HasSubstr("names no URI, not spiffe://stablecut/verifier"),
                               HasSubstr("(--verifier-identity)")));
  // Another service's identity setting does not apply to this call.
  EXPECT_EXIT_CODE(
      RunWithFlags({"verify", tag_[5]}, {"STABLECUT_PUBLISHER_IDENTITY=spiffe://stablecut/x"}), 0);
}

TEST_F(CliTest, AFlagBeatsTheEnvironmentWhichBeatsTheConfigFile) {
  std::string down = Address(ClosedPort());
  std::string xdg = dir_.path() + "/xdg";
  ASSERT_EQ(mkdir(xdg.c_str(), 0700), 0);
  ASSERT_EQ(mkdir((xdg + "/stablecut").c_str(), 0700), 0);
  dir_.WriteFile("xdg/stablecut/config",
                 absl::StrCat("# the operator's settings\nverifier = ", Address(verifier_port_),
                              "\nca = ", ca_file_, "\ncert = ", cert_, "\nkey = ", key_, "\n"));
  std::string config_home = "XDG_CONFIG_HOME=" + xdg;

  // The config file alone reaches the verifier.
  EXPECT_EXIT_CODE(Run({"verify", tag_[5]}, {config_home}), 0);
  // The environment beats it: nothing listens there.
  auto env = Run({"verify", tag_[5]}, {config_home, "STABLECUT_VERIFIER=" + down});
  EXPECT_EXIT_CODE(env, 3);
  EXPECT_THAT(env.err, HasSubstr(down));
  // A flag beats the environment.
  EXPECT_EXIT_CODE(Run({"verify", tag_[5], "--verifier", Address(verifier_port_)},
                       {config_home, "STABLECUT_VERIFIER=" + down}),
                   0);
  // The environment alone, without the file, is enough too.
  EXPECT_EXIT_CODE(Run({"verify", tag_[5]},
                       {"STABLECUT_VERIFIER=" + Address(verifier_port_), "STABLECUT_CA=" + ca_file_,
                        "STABLECUT_CERT=" + cert_, "STABLECUT_KEY=" + key_}),
                   0);
  // A typo in the file is a usage error naming its line.
  dir_.WriteFile("xdg/stablecut/config", "verifer = x\n");
  auto typo = Run({"verify", tag_[5]}, {config_home});
  EXPECT_EXIT_CODE(typo, 2);
  EXPECT_THAT(typo.err, HasSubstr(xdg + "/stablecut/config:1: unknown key \"verifer\""));
}

// The services' certificates name localhost: reached at 127.0.0.1, a verifier authority
// of localhost is checked instead of the address, one they do not name fails the handshake.
TEST_F(CliTest, AnAuthorityIsTheNameTheCertificateIsCheckedFor) {
  EXPECT_EXIT_CODE(RunWithFlags({"verify", tag_[5], "--verifier-authority", "localhost"}), 0);
  auto wrong = RunWithFlags({"verify", tag_[5]},
                            {"STABLECUT_VERIFIER_AUTHORITY=verifier.elsewhere.example"});
  EXPECT_EXIT_CODE(wrong, 3);
  EXPECT_THAT(wrong.err,
              AllOf(StartsWith("stablecut: UNAVAILABLE: the TLS handshake with the verifier"),
                    HasSubstr("names verifier.elsewhere.example (--verifier-authority)")));
  // Another service's authority does not apply to this call.
  EXPECT_EXIT_CODE(RunWithFlags({"verify", tag_[5]},
                                {"STABLECUT_PUBLISHER_AUTHORITY=publisher.elsewhere.example"}),
                   0);
}

// `timeout` in the config file sets each call's deadline; --timeout beats it.
TEST_F(CliTest, TheConfigFileSetsTheDeadlineAndTheFlagBeatsIt) {
  std::string xdg = dir_.path() + "/xdg";
  ASSERT_EQ(mkdir(xdg.c_str(), 0700), 0);
  ASSERT_EQ(mkdir((xdg + "/stablecut").c_str(), 0700), 0);
  dir_.WriteFile("xdg/stablecut/config", "timeout = 1s\n");
  std::string const config_home = "XDG_CONFIG_HOME=" + xdg;
  char const* const kSlowCompare =
      R"({"method":"GET","path_regex":"/compare/","latency_ms":3000,"count":1})";
  ASSERT_THAT(sandbox_->InjectFault(kSlowCompare), IsOk());
  absl::Time start = absl::Now();
  auto short_deadline = RunWithFlags({"verify", tag_[5]}, {config_home});
  EXPECT_NE(short_deadline.exit_code, 0) << short_deadline.out << short_deadline.err;
  EXPECT_LT(absl::Now() - start, absl::Seconds(3)) << "the 1s deadline was not applied";

  ASSERT_THAT(sandbox_->InjectFault(kSlowCompare), IsOk());
  auto flag = RunWithFlags({"verify", tag_[5], "--timeout", "30s"}, {config_home});
  EXPECT_EXIT_CODE(flag, 0);

  dir_.WriteFile("xdg/stablecut/config", "timeout = soon\n");
  auto bad = RunWithFlags({"verify", tag_[5]}, {config_home});
  EXPECT_EXIT_CODE(bad, 2);
  EXPECT_THAT(bad.err, AllOf(HasSubstr("timeout: \"soon\" is not a positive duration"),
                             HasSubstr("STABLECUT_TIMEOUT")));
}

// `stablecut completion bash` run by a real bash: commands, options, an option's choices,
// files, and tags listed by the real candidate service with the environment's settings.
TEST_F(CliTest, BashCompletesCommandsOptionsChoicesAndTags) {
  auto printed = Run({"completion", "bash"});
  EXPECT_EXIT_CODE(printed, 0);
  std::string script = dir_.WriteFile("stablecut.bash", printed.out);
  std::string harness = dir_.WriteFile(
      "complete.sh",
      absl::StrCat("source '", script, "'\n",
                   "c() { COMP_WORDS=(\"$@\"); COMP_CWORD=$(( $# - 1 )); COMPREPLY=(); "
                   "_stablecut; echo \"${COMPREPLY[*]}\"; }\n"
                   "b='", STABLECUT_CLI_BINARY, "'\n",
                   "c \"$b\" can\n"
                   "c \"$b\" candidates ''\n"
                   "c \"$b\" --output json candidates list --st\n"
                   "c \"$b\" candidates list --state pre\n"
                   "c \"$b\" --ca '", dir_.path(), "/stablecut.ba'\n"
                   "c \"$b\" publish --dr\n"
                   "c \"$b\" completion ''\n"
                   "c \"$b\" verify ", tag_[5].substr(0, 12), "\n"));
  auto completed = ::stablecut::testing::RunProgram(
      {"/bin/bash", "--noprofile", "--norc", harness}, dir_.path() + "/bash",
      {{"HOME=" + home_, "STABLECUT_CANDIDATE=" + Address(candidate_port_),
        "STABLECUT_CA=" + ca_file_, "STABLECUT_CERT=" + cert_, "STABLECUT_KEY=" + key_},
       absl::Seconds(60)});
  ASSERT_THAT(completed, IsOk());
  std::vector<std::string> lines = absl::StrSplit(completed->out, '\n');
  ASSERT_GE(lines.size(), 8u) << completed->out << completed->err;
  EXPECT_EQ(lines[0], "candidates");
  EXPECT_EQ(lines[1], "list show cut finalize");
  EXPECT_EQ(lines[2], "--state");
  EXPECT_EQ(lines[3], "pre-release");
  EXPECT_EQ(lines[4], dir_.path() + "/stablecut.bash");
  EXPECT_EQ(lines[5], "--dry-run");
  EXPECT_EQ(lines[6], "bash");
  // Every pre-release of the demo with the same prefix, the 5-day one among them.
  EXPECT_THAT(lines[7], HasSubstr(tag_[5])) << completed->err;
}

// With release proposals: the candidate service asks the verifier for the verdict.
class CliProposalTest : public CliTest {
 protected:
  CliProposalTest() { proposals_ = true; }
};

TEST_F(CliProposalTest, ProposeOpensTheProposalThenUpdatesIt) {
  auto opened = RunWithFlags({"propose", tag_[5]});
  EXPECT_EXIT_CODE(opened, 0);
  EXPECT_THAT(opened.out, AllOf(StartsWith("Opened proposal #"), HasSubstr(tag_[5]),
                                HasSubstr("url:"), HasSubstr("verdict:")));
  auto updated = RunWithFlags({"propose", tag_[5], "--output", "json"});
  EXPECT_EXIT_CODE(updated, 0);
  auto proposal = ParseJson(updated.out);
  EXPECT_EQ(proposal["tag"], tag_[5]);
  EXPECT_EQ(proposal["created"], false);
  EXPECT_EQ(proposal["state"], "open");
  EXPECT_THAT(proposal["htmlUrl"].get<std::string>(), HasSubstr("/issues/"));
  EXPECT_NE(proposal["issueNumber"], "0");

  auto stable = RunWithFlags({"propose", "candidate-20000101.1"});
  EXPECT_NE(stable.exit_code, 0);
  EXPECT_THAT(stable.err, StartsWith("stablecut: "));
}

}  // namespace
}  // namespace stablecut
