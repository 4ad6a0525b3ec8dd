// stablecut-publisher as a real process over mTLS, with the real verifier and candidate
// service as its peers and the sandbox as GitHub and PyPI: the demo's approved candidate
// (5 days old, once the downstream integrator reports success) published to the sandbox's
// PyPI and promoted; publishing again uploads nothing; the ACL and the override right; a
// verdict that does not approve; faults on the upload; a changed asset; kill -9 at several
// points and a second publish that finishes the job; start-up refusals for bad token files;
// and the PyPI token in no log, event, error or audit record.

#include <signal.h>
#include <sys/stat.h>

#include <functional>
#include <map>
#include <set>
#include <thread>

#include <grpcpp/grpcpp.h>
#include <nlohmann/json.hpp>
#include <openssl/sha.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "lib/http/file_body.h"
#include "stablecut/v1/candidate.grpc.pb.h"
#include "stablecut/v1/publisher.grpc.pb.h"
#include "tests/e2e/publisher_e2e_fixture.h"
#include "tests/testing/wheel_builder.h"

namespace stablecut {
namespace {

using ::stablecut::testing::IsOk;
using ::stablecut::testing::KeyPair;
using ::stablecut::testing::ReadFileOrEmpty;
using ::stablecut::testing::RunCommand;
using ::stablecut::testing::SandboxProcess;
using ::stablecut::testing::Subprocess;
using ::stablecut::testing::TempDir;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::SizeIs;

using namespace ::stablecut::verifier_e2e;  // NOLINT: the fixture's names

using namespace ::stablecut::publisher_e2e;  // NOLINT: the fixture's names

TEST_F(PublisherServiceTest, PublishesTheApprovedCandidateThenPromotesItAndAgainUploadsNothing) {
  auto call = Publish(tag_[5], &operator_);
  ASSERT_TRUE(call.status.ok()) << call.Text();
  // The token went with the two uploads and nowhere else (TearDown checks "nowhere else"
  // for every test); the JSON API was asked without any credential.
  int with_token = 0, json_api = 0;
  for (auto const& request : SeenRequests()) {
    if (request["credential"] == "pypi-upload") ++with_token;
    if (absl::StartsWith(request["path"].get<std::string>(), "/pypi/pypi/")) {
      ++json_api;
      EXPECT_EQ(request["credential"], "") << request.dump();
    }
  }
  EXPECT_EQ(with_token, 2);
  EXPECT_GE(json_api, 2);
  EXPECT_TRUE(call.done.promoted()) << call.Text();
  EXPECT_EQ(StoredFiles(), assets_);
  ExpectPromoted();
  int uploaded = 0;
  for (auto const& file : call.done.files()) {
    EXPECT_EQ(file.outcome(), v1::FILE_OUTCOME_UPLOADED) << file.name();
    ++uploaded;
  }
  EXPECT_EQ(uploaded, 2);
  auto records = AuditRecords();
  ASSERT_THAT(records, SizeIs(2));
  EXPECT_EQ(records[0]["event"], "publish_started");
  EXPECT_EQ(records[0]["caller"], kOperator);
  EXPECT_EQ(records[1]["outcome"], "ok");

  auto again = Publish(tag_[5], &operator_);
  ASSERT_TRUE(again.status.ok()) << again.Text();
  for (auto const& file : again.done.files()) {
    EXPECT_EQ(file.outcome(), v1::FILE_OUTCOME_SKIPPED_EXISTING) << file.name();
  }
  EXPECT_EQ(RefusedUploads(), 0);
  EXPECT_THAT(PypiState()["uploads"], SizeIs(2));

  // GetPublication, from a restarted publisher: the state comes from PyPI and GitHub.
  publisher_process_->Signal(SIGTERM);
  ASSERT_THAT(publisher_process_->Wait(), IsOk());
  StartPublisher();
  grpc::ClientContext context;
  v1::GetPublicationRequest request;
  request.set_tag(tag_[5]);
  v1::Publication publication;
  grpc::Status status = PublisherStub(&operator_)->GetPublication(&context, request, &publication);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_TRUE(publication.promoted());
  ASSERT_EQ(publication.targets_size(), 1);
  EXPECT_EQ(publication.targets(0).files_size(), 2);
  EXPECT_EQ(publication.audit_records_size(), 3);  // started, finished, already_published
}

// The operator's way in: the real `buf curl` over mTLS through server reflection streams the
// publish's events; then pip installs the package from the sandbox's simple index into a
// throwaway virtual environment and imports it.
TEST_F(PublisherServiceTest, BufCurlPublishesAndPipInstallsWhatItPublished) {
  std::string cert = dir_.WriteFile("operator.pem", operator_.cert_pem);
  std::string key = dir_.WriteFile("operator.key", operator_.key_pem);
  auto published = RunCommand(
      {STABLECUT_BUF_BINARY, "curl", "--protocol", "grpc", "--cacert", ca_file_, "--cert", cert,
       "--key", key, "--data", absl::StrCat("{\"tag\":\"", tag_[5], "\"}"),
       absl::StrCat("https://127.0.0.1:", publisher_port_,
                    "/stablecut.v1.PublisherService/Publish")},
      dir_.path() + "/buf.log", absl::Seconds(120));
  ASSERT_THAT(published, IsOk());
  answers_.push_back(published->output);
  ASSERT_EQ(published->exit_code, 0) << published->output;
  EXPECT_THAT(published->output, HasSubstr("\"bytesSent\""));
  EXPECT_THAT(published->output, HasSubstr("FILE_OUTCOME_UPLOADED"));
  EXPECT_THAT(published->output, HasSubstr("\"promoted\": true"));
  EXPECT_EQ(StoredFiles(), assets_);
  ExpectPromoted();

  std::string venv = dir_.path() + "/venv";
  auto made = RunCommand({"/usr/bin/python3", "-m", "venv", venv}, dir_.path() + "/venv.log");
  ASSERT_THAT(made, IsOk());
  ASSERT_EQ(made->exit_code, 0) << made->output;
  std::string version = tag_[5].substr(std::string("candidate-").size());
  auto installed = RunCommand(
      {venv + "/bin/pip", "install", "--no-cache-dir", "--disable-pip-version-check",
       "--index-url", sandbox_->PypiSimpleUrl(), "--trusted-host", "127.0.0.1",
       absl::StrCat("widgets==", version)},
      dir_.path() + "/pip.log", absl::Seconds(120));
  ASSERT_THAT(installed, IsOk());
  ASSERT_EQ(installed->exit_code, 0) << installed->output;
  auto imported = RunCommand({venv + "/bin/python", "-c", "import widgets; print('imported')"},
                             dir_.path() + "/import.log");
  ASSERT_THAT(imported, IsOk());
  EXPECT_EQ(imported->exit_code, 0) << imported->output;
  EXPECT_THAT(imported->output, HasSubstr("imported"));
}

TEST_F(PublisherServiceTest, DryRunUploadsAndPromotesNothing) {
  auto call = Publish(tag_[5], &operator_, /*dry_run=*/true);
  ASSERT_TRUE(call.status.ok()) << call.Text();
  EXPECT_TRUE(call.done.dry_run());
  EXPECT_THAT(call.Text(), HasSubstr("would upload"));
  EXPECT_TRUE(StoredFiles().empty());
  auto latest = github_->GetLatestRelease({}, kWidgets);
  ASSERT_THAT(latest, IsOk());
  EXPECT_NE(latest->id, release_id_);
  EXPECT_THAT(AuditRecords(), SizeIs(1));
}

TEST_F(PublisherServiceTest, AclRefusesOthersAndGuardsTheOverrideRight) {
  auto intruder = Publish(tag_[5], &intruder_);
  EXPECT_EQ(intruder.status.error_code(), grpc::StatusCode::PERMISSION_DENIED) << intruder.Text();
  auto verifier = Publish(tag_[5], &verifier_identity_);
  EXPECT_EQ(verifier.status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  auto candidate_identity = ca_.IssueClient(kCandidate);
  auto candidate = Publish(tag_[5], &candidate_identity);
  EXPECT_EQ(candidate.status.error_code(), grpc::StatusCode::PERMISSION_DENIED)
      << candidate.Text();
  EXPECT_THAT(candidate.status.error_message(), HasSubstr(kCandidate));
  auto anonymous = Publish(tag_[5], nullptr);
  EXPECT_EQ(anonymous.status.error_code(), grpc::StatusCode::UNAUTHENTICATED) << anonymous.Text();
  EXPECT_THAT(anonymous.status.error_message(), HasSubstr("PublisherService/Publish"));
  EXPECT_TRUE(StoredFiles().empty());

  // The 3-day candidate is too young: refused, listing the check.
  auto young = Publish(tag_[3], &operator_);
  EXPECT_EQ(young.status.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << young.Text();
  EXPECT_THAT(young.status.error_message(), HasSubstr("age FAIL"));
  // Overriding needs the right, then a reason.
  auto no_right = Publish(tag_[3], &operator_, false, {"age", "downstream_integration"}, "hotfix");
  EXPECT_EQ(no_right.status.error_code(), grpc::StatusCode::PERMISSION_DENIED) << no_right.Text();
  auto no_reason = Publish(tag_[3], &lead_, false, {"age", "downstream_integration"}, "");
  EXPECT_EQ(no_reason.status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(StoredFiles().empty());
  EXPECT_THAT(AuditRecords(), SizeIs(0));

  auto overridden = Publish(tag_[3], &lead_, false, {"age", "downstream_integration"},
                            "security fix, reviewed by two maintainers");
  ASSERT_TRUE(overridden.status.ok()) << overridden.Text();
  auto records = AuditRecords();
  ASSERT_THAT(records, SizeIs(2));
  EXPECT_EQ(records[0]["caller"], kLead);
  EXPECT_EQ(records[0]["override_reason"], "security fix, reviewed by two maintainers");
  EXPECT_THAT(StoredFiles(), SizeIs(2));
}

TEST_F(PublisherServiceTest, UploadFaultsAreRetriedWithoutDuplicates) {
  // A 503 with Retry-After, then a 429, then a connection dropped while the body was still
  // being sent (nothing stored), then one dropped after the body went (stored, the answer
  // lost): the files are uploads one to four, whichever comes first.
  for (char const* fault :
       {R"({"method":"POST","path_regex":"^/pypi/legacy/$","status":503,"retry_after_seconds":1,"count":1})",
        R"({"method":"POST","path_regex":"^/pypi/legacy/$","status":429,"retry_after_seconds":1,"count":1})",
        R"({"method":"POST","path_regex":"^/pypi/legacy/$","drop_request_after_bytes":1024,"count":1})",
        R"({"method":"POST","path_regex":"^/pypi/legacy/$","drop_after_bytes":0,"count":1})"}) {
    ASSERT_THAT(sandbox_->InjectFault(fault), IsOk());
  }
  auto call = Publish(tag_[5], &operator_);
  ASSERT_TRUE(call.status.ok()) << call.Text();
  EXPECT_EQ(StoredFiles(), assets_);
  EXPECT_EQ(RefusedUploads(), 0);  // no "File already exists" after the lost answer

  // Every fault was met: the log shows the upload dropped unanswered (status 0) and one
  // answered 200 whose answer the publisher never read whole, then asked the JSON API.
  int unanswered = 0, uploads = 0;
  for (auto const& request : SeenRequests()) {
    if (request["path"] != "/pypi/legacy/") continue;
    ++uploads;
    if (request["status"] == 0) ++unanswered;
  }
  EXPECT_EQ(unanswered, 1);
  // Four faulted attempts and one more that stored the other file: the one whose answer was
  // lost had landed, which the JSON API said, so it was not sent again.
  EXPECT_EQ(uploads, 5);
}

// The 5-day candidate with an sdist beside its two wheels, attached (on the sandbox's clock)
// just before the release was published, as the build workflow would have.
class PublisherSdistTest : public PublisherServiceTest {
 protected:
  void SetUpGitHub() override {
    PublisherServiceTest::SetUpGitHub();
    if (HasFatalFailure()) return;
    auto release = github_->GetRelease({}, kWidgets, release_id_);
    ASSERT_THAT(release, IsOk());
    ASSERT_TRUE(release->published_at.has_value());
    std::string version = tag_[5].substr(std::string("candidate-").size());
    std::string path = ::stablecut::testing::WriteTestSdist(dir_.path(), "widgets", version);
    std::string bytes = ReadFileOrEmpty(path);
    ASSERT_FALSE(bytes.empty());
    sdist_ = absl::StrCat("widgets-", version, ".tar.gz");

    auto clock = sandbox_->Send("POST", "/_control/clock", "", R"({"advance_seconds":0})");
    ASSERT_EQ(clock.status, 200) << clock.body;
    int64_t const offset = clock.Json()["offset_seconds"].get<int64_t>();
    std::string before = absl::FormatTime("%Y-%m-%dT%H:%M:%SZ",
                                          *release->published_at - absl::Minutes(1),
                                          absl::UTCTimeZone());
    clock = sandbox_->Send("POST", "/_control/clock", "", nlohmann::json{{"now", before}}.dump());
    ASSERT_EQ(clock.status, 200) << clock.body;
    http::StringSource body(bytes);
    auto asset = github_->UploadReleaseAsset({}, release->upload_url, sdist_,
                                             "application/gzip", body);
    clock = sandbox_->Send("POST", "/_control/clock", "",
                           nlohmann::json{{"advance_seconds",
                                           offset - clock.Json()["offset_seconds"].get<int64_t>()}}
                               .dump());
    ASSERT_EQ(clock.status, 200) << clock.body;
    ASSERT_THAT(asset, IsOk());
    assets_[sdist_] = asset->digest_sha256;
    asset_ids_[sdist_] = asset->id;
    sdist_sha256_ = Sha256Hex(bytes);
  }

  static std::string Sha256Hex(std::string const& bytes) {
    unsigned char digest[32];
    SHA256(reinterpret_cast<unsigned char const*>(bytes.data()), bytes.size(), digest);
    std::string hex;
    for (unsigned char byte : digest) absl::StrAppend(&hex, absl::Hex(byte, absl::kZeroPad2));
    return hex;
  }

  std::string sdist_, sdist_sha256_;
};

TEST_F(PublisherSdistTest, PublishesTheSdistWithTheWheelsAsPyPIsSdist) {
  auto call = Publish(tag_[5], &operator_);
  ASSERT_TRUE(call.status.ok()) << call.Text();
  EXPECT_EQ(StoredFiles(), assets_);
  EXPECT_EQ(assets_[sdist_], sdist_sha256_);
  ExpectPromoted();
  std::string version = tag_[5].substr(std::string("candidate-").size());
  auto document = sandbox_->Get(absl::StrCat("/pypi/pypi/widgets/", version, "/json"), "");
  ASSERT_EQ(document.status, 200) << document.body;
  nlohmann::json const files = document.Json()["urls"];  // iterated: it must outlive the loop
  int sdists = 0;
  for (auto const& file : files) {
    if (file["filename"] != sdist_) continue;
    ++sdists;
    EXPECT_EQ(file["packagetype"], "sdist") << file.dump();
    EXPECT_EQ(file["python_version"], "source") << file.dump();
    EXPECT_EQ(file["digests"]["sha256"], sdist_sha256_) << file.dump();
  }
  EXPECT_EQ(sdists, 1) << document.body;
}

// Two targets, as a project publishing to a test index before PyPI would configure them: the
// sandbox's PyPI ("sandbox", first) and a second sandbox's PyPI ("second"), each with its own
// token file.
class PublisherTwoTargetsTest : public PublisherServiceTest {
 protected:
  void SetUpGitHub() override {
    PublisherServiceTest::SetUpGitHub();
    if (HasFatalFailure()) return;
    auto second = SandboxProcess::Start();
    ASSERT_THAT(second, IsOk());
    second_ = *std::move(second);
    ASSERT_NE(second_->pypi_token(), sandbox_->pypi_token());
    auto const& token_owner = second_given_first_token_ ? sandbox_ : second_;
    publisher_extra_config_ = absl::StrCat(
        "targets {\n  name: \"second\"\n  upload_url: \"", second_->PypiUploadUrl(),
        "\"\n  json_api_base_url: \"", second_->PypiJsonUrl(), "\"\n  token_file: \"",
        dir_.WriteFile("second.token", token_owner->pypi_token()), "\"\n}\n");
  }

  void TearDown() override {
    // The second token went only with uploads to the second target, and is in no log, event
    // or audit record (the base class checks the first token the same way).
    std::string const token = second_ ? second_->pypi_token() : "";
    PublisherServiceTest::TearDown();
    if (!second_) return;
    ASSERT_GT(token.size(), 8u);
    for (auto const& text : logs_) EXPECT_THAT(text, Not(HasSubstr(token)));
    for (auto const& text : answers_) EXPECT_THAT(text, Not(HasSubstr(token)));
    EXPECT_THAT(second_->Output(), Not(HasSubstr(token)));
  }

  std::unique_ptr<SandboxProcess> second_;
  bool second_given_first_token_ = false;  // a misconfiguration: the second target refuses it
};

class PublisherSecondTargetWrongTokenTest : public PublisherTwoTargetsTest {
 protected:
  PublisherSecondTargetWrongTokenTest() { second_given_first_token_ = true; }
};

TEST_F(PublisherSecondTargetWrongTokenTest, TheSecondTargetRefusingTheTokenPromotesNothing) {
  auto call = Publish(tag_[5], &operator_);
  EXPECT_FALSE(call.status.ok()) << call.Text();
  EXPECT_THAT(call.status.error_message(), HasSubstr("token")) << call.Text();
  EXPECT_EQ(StoredFiles(), assets_);
  EXPECT_TRUE(StoredFiles(second_.get()).empty());
  auto latest = github_->GetLatestRelease({}, kWidgets);
  ASSERT_THAT(latest, IsOk());
  EXPECT_NE(latest->id, release_id_);
  auto records = AuditRecords();
  ASSERT_FALSE(records.empty());
  EXPECT_EQ(records.back()["outcome"], "failed");
}

TEST_F(PublisherTwoTargetsTest, PublishesToEachTargetInTurnWithItsOwnToken) {
  auto call = Publish(tag_[5], &operator_);
  ASSERT_TRUE(call.status.ok()) << call.Text();
  EXPECT_EQ(StoredFiles(), assets_);
  EXPECT_EQ(StoredFiles(second_.get()), assets_);
  EXPECT_TRUE(call.done.promoted());
  ExpectPromoted();

  // In turn: every file done on the first target before any byte goes to the second.
  int last_first_done = -1, first_second = -1;
  for (int i = 0; i < static_cast<int>(call.events.size()); ++i) {
    if (!call.events[i].has_file()) continue;
    auto const& file = call.events[i].file();
    if (file.target() == "sandbox" && file.outcome() != v1::FILE_OUTCOME_UNSPECIFIED) {
      last_first_done = i;
    }
    if (file.target() == "second" && first_second < 0) first_second = i;
  }
  ASSERT_GE(last_first_done, 0) << call.Text();
  ASSERT_GE(first_second, 0) << call.Text();
  EXPECT_LT(last_first_done, first_second) << call.Text();
  std::map<std::string, int> uploaded;
  for (auto const& file : call.done.files()) {
    if (file.outcome() == v1::FILE_OUTCOME_UPLOADED) ++uploaded[file.target()];
  }
  EXPECT_EQ(uploaded, (std::map<std::string, int>{{"sandbox", 2}, {"second", 2}})) << call.Text();

  // Each target saw its own token, only with its uploads, and never the other's.
  for (auto* sandbox : {sandbox_.get(), second_.get()}) {
    int with_token = 0;
    for (auto const& request : SeenRequests(sandbox)) {
      EXPECT_NE(request["credential"], "other") << request.dump();
      if (request["credential"] == "pypi-upload") ++with_token;
    }
    EXPECT_EQ(with_token, 2);
  }
  auto records = AuditRecords();
  ASSERT_FALSE(records.empty());
  EXPECT_THAT(records.front().dump(), AllOf(HasSubstr("\"sandbox\""), HasSubstr("\"second\"")));

  // Again: both targets hold everything, nothing is sent.
  auto again = Publish(tag_[5], &operator_);
  ASSERT_TRUE(again.status.ok()) << again.Text();
  EXPECT_THAT(PypiState(second_.get())["uploads"], SizeIs(2));
  EXPECT_THAT(PypiState()["uploads"], SizeIs(2));
}

// The project's size on the target, from its JSON API document, plus the release: over the
// limit, nothing leaves.
class PublisherProjectLimitTest : public PublisherServiceTest {
 protected:
  PublisherProjectLimitTest() { target_extra_config_ = "  max_project_bytes: 1000\n"; }
};

TEST_F(PublisherProjectLimitTest, AReleaseOverTheProjectLimitIsRefusedBeforeAnyUpload) {
  auto call = Publish(tag_[5], &operator_);
  EXPECT_EQ(call.status.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << call.Text();
  EXPECT_THAT(call.status.error_message(),
              AllOf(HasSubstr("holds 0 bytes on sandbox"),
                    HasSubstr("over the project limit of 1000 bytes")));
  EXPECT_TRUE(StoredFiles().empty());
  int project_documents = 0;
  for (auto const& request : SeenRequests()) {
    EXPECT_NE(request["path"], "/pypi/legacy/") << request.dump();
    if (request["path"] == "/pypi/pypi/widgets/json") ++project_documents;
  }
  EXPECT_EQ(project_documents, 1);
}

TEST_F(PublisherServiceTest, AnAssetWhoseBytesChangedAfterTheVerdictIsNotPublished) {
  // The stored bytes of one wheel change under GitHub's stated digest.
  auto const& [name, id] = *asset_ids_.begin();
  std::string blob = absl::StrCat(sandbox_->state_dir(), "/state/blobs/", id);
  std::string bytes = ReadFileOrEmpty(blob);
  ASSERT_FALSE(bytes.empty()) << blob;
  bytes[bytes.size() / 2] ^= 0x01;
  {
    std::FILE* out = std::fopen(blob.c_str(), "wb");
    ASSERT_NE(out, nullptr);
    std::fwrite(bytes.data(), 1, bytes.size(), out);
    std::fclose(out);
  }
  auto call = Publish(tag_[5], &operator_);
  EXPECT_EQ(call.status.error_code(), grpc::StatusCode::DATA_LOSS) << call.Text();
  EXPECT_THAT(call.status.error_message(), HasSubstr(name));
  EXPECT_EQ(StoredFiles().count(name), 0u);
  auto latest = github_->GetLatestRelease({}, kWidgets);
  ASSERT_THAT(latest, IsOk());
  EXPECT_NE(latest->id, release_id_);
  auto records = AuditRecords();
  ASSERT_FALSE(records.empty());
  EXPECT_EQ(records.back()["outcome"], "failed");
}

// kill -9 at a point of the publish, start again, publish again: every file on PyPI once,
// the release promoted, both runs in the audit trail.
struct KillPoint {
  char const* name;
  char const* fault;     // holds the publish at that point (a latency fault), or ""
  char const* wait_for;  // the publisher's log line to kill after, when no fault
};

// kill -9 at a point of the publish, then a publish that must finish the job.
class PublisherKillBetweenTest : public PublisherServiceTest {
 protected:
  // Waits until the sandbox holds a request back (a latency fault) and `also` holds.
  void WaitUntilHeld(std::function<bool()> const& also) {
    for (int i = 0; i < 300; ++i) {
      auto dump = sandbox_->DumpState();
      if (dump.ok() && nlohmann::json::parse(*dump)["delaying"].get<int>() > 0 && also()) return;
      absl::SleepFor(absl::Milliseconds(50));
    }
    ADD_FAILURE() << "the publish never reached the point to kill it at";
  }

  bool Promoted() {
    auto latest = github_->GetLatestRelease({}, kWidgets);
    return latest.ok() && latest->id == release_id_;
  }

  // Publishing again finishes the job: every file once, no refusal, promoted, audited.
  void ExpectFinishedBySecondPublish() {
    ASSERT_THAT(sandbox_->ClearFaults(), IsOk());
    StartPublisher();
    auto call = Publish(tag_[5], &operator_);
    ASSERT_TRUE(call.status.ok()) << call.Text();
    EXPECT_EQ(StoredFiles(), assets_);
    EXPECT_EQ(RefusedUploads(), 0);
    ExpectPromoted();
    auto records = AuditRecords();
    ASSERT_GE(records.size(), 2u);
    EXPECT_EQ(records.back()["outcome"], "ok") << records.back().dump();
  }
};

class PublisherKillTest : public PublisherKillBetweenTest,
                          public ::testing::WithParamInterface<KillPoint> {};

TEST_P(PublisherKillTest, PublishingAgainAfterKill9FinishesTheJob) {
  KillPoint const& point = GetParam();
  if (point.fault[0] != '\0') {
    ASSERT_THAT(sandbox_->InjectFault(point.fault), IsOk());
  }
  std::thread first([&] { Publish(tag_[5], &operator_); });
  if (point.fault[0] != '\0') {
    WaitUntilHeld([] { return true; });  // the sandbox holds the request the fault delays
  } else {
    ASSERT_THAT(publisher_process_->WaitForLogLine(point.wait_for), IsOk());
  }
  KillPublisher();
  first.join();
  ExpectFinishedBySecondPublish();
}

INSTANTIATE_TEST_SUITE_P(
    KillPoints, PublisherKillTest,
    ::testing::Values(
        KillPoint{"WhileAskingForTheVerdict",
                  R"({"method":"GET","path_regex":"/compare/","latency_ms":3000,"count":1})", ""},
        KillPoint{"AfterTheAuditRecord", "", "audit record"},
        KillPoint{"WhileReadingMetadata",
                  R"({"method":"GET","path_regex":"^/github-storage/","latency_ms":3000,"count":1})",
                  ""},
        KillPoint{"MidUpload",
                  R"({"method":"POST","path_regex":"^/pypi/legacy/$","latency_ms":3000,"count":1})",
                  ""},
        KillPoint{"WhileCheckingTheTarget",
                  R"({"method":"GET","path_regex":"^/pypi/pypi/","latency_ms":3000,"count":1})",
                  ""},
        KillPoint{"WhilePromoting",
                  R"({"method":"PATCH","path_regex":"/releases/[0-9]+$","latency_ms":3000,"count":1})",
                  ""},
        KillPoint{"WhileFollowingTheAssetRedirect",
                  R"({"method":"GET","path_regex":"/releases/assets/[0-9]+$","latency_ms":3000,"count":1})",
                  ""}),
    [](::testing::TestParamInfo<KillPoint> const& info) { return info.param.name; });


// One file at a time: killed after the first file landed, while the second is on its way.
class PublisherKillOneAtATimeTest : public PublisherKillBetweenTest {
 protected:
  PublisherKillOneAtATimeTest() { publisher_extra_config_ = "max_parallel_uploads: 1\n"; }
};

TEST_F(PublisherKillOneAtATimeTest, BetweenUploads) {
  ASSERT_THAT(sandbox_->InjectFault(
                  R"({"method":"POST","path_regex":"^/pypi/legacy/$","latency_ms":1500,"count":2})"),
              IsOk());
  std::thread first([&] { Publish(tag_[5], &operator_); });
  WaitUntilHeld([&] { return StoredFiles().size() == 1; });
  // The second upload was sent whole before the kill (a small wheel fits the socket's
  // buffers), so the sandbox may still store it: either way the next publish finishes.
  KillPublisher();
  first.join();
  ExpectFinishedBySecondPublish();
}

// Killed after GitHub shows the release promoted, before the candidate service answered the
// publisher (it is closing the release's proposals, the third issue listing of the publish:
// the verifier's two come first).
TEST_F(PublisherKillBetweenTest, AfterPromotionBeforeItsAnswer) {
  ASSERT_THAT(sandbox_->InjectFault(
                  R"({"method":"GET","path_regex":"/issues$","latency_ms":2000,"count":3})"),
              IsOk());
  std::thread first([&] { Publish(tag_[5], &operator_); });
  WaitUntilHeld([&] { return Promoted(); });
  KillPublisher();
  first.join();
  ExpectFinishedBySecondPublish();
}

// Killed twice: mid-upload, then while promoting; the third publish finishes.
TEST_F(PublisherKillBetweenTest, KilledTwice) {
  ASSERT_THAT(sandbox_->InjectFault(
                  R"({"method":"POST","path_regex":"^/pypi/legacy/$","latency_ms":3000,"count":1})"),
              IsOk());
  std::thread first([&] { Publish(tag_[5], &operator_); });
  WaitUntilHeld([] { return true; });
  KillPublisher();
  first.join();
  ASSERT_THAT(sandbox_->ClearFaults(), IsOk());
  ASSERT_THAT(sandbox_->InjectFault(
                  R"({"method":"PATCH","path_regex":"/releases/[0-9]+$","latency_ms":3000,"count":1})"),
              IsOk());
  StartPublisher();
  std::thread second([&] { Publish(tag_[5], &operator_); });
  WaitUntilHeld([] { return true; });
  KillPublisher();
  second.join();
  ExpectFinishedBySecondPublish();
  EXPECT_GE(AuditRecords().size(), 3u);  // three runs, each recorded
}

// Start-up refusals: one line naming the field and the file, never the content; exit 2.
TEST(PublisherStartup, RefusesABadTokenFileNamingItWithoutItsContent) {
  constexpr char kToken[] = "pypi-startupTESTtoken0123456789";
  struct Case {
    char const* name;
    char const* content;  // nullptr: no file
    mode_t mode;
    bool directory;
    char const* expected;
  } const cases[] = {
      {"missing", nullptr, 0600, false, "pypi.token"},
      {"empty", "", 0600, false, "empty"},
      {"open to group", kToken, 0640, false, "group or others"},
      {"open to others", kToken, 0604, false, "group or others"},
      {"control character", "pypi-startupTESTtoken\r\nX: 1", 0600, false, "control character"},
      {"a directory", nullptr, 0700, true, "not a regular file"},
  };
  for (auto const& c : cases) {
    SCOPED_TRACE(c.name);
    TempDir dir;
    std::string token = dir.path() + "/pypi.token";
    if (c.directory) {
      ASSERT_EQ(mkdir(token.c_str(), c.mode), 0);
    } else if (c.content != nullptr) {
      dir.WriteFile("pypi.token", c.content);
      ASSERT_EQ(chmod(token.c_str(), c.mode), 0);
    }
    std::string pem = dir.WriteFile("x.pem", "unused");
    std::string config = dir.WriteFile(
        "p.txtpb",
        absl::StrCat("server { health_listen: \"none\" }\n"
                     "github { api_base_url: \"http://127.0.0.1:9\" repository: \"a/b\" }\n"
                     "targets { name: \"pypi\" upload_url: \"http://127.0.0.1:9/legacy/\" "
                     "json_api_base_url: \"http://127.0.0.1:9/pypi\" token_file: \"",
                     token, "\" }\naudit_file: \"", dir.path(), "/audit.jsonl\"\n",
                     "projects: \"widgets\"\n"));
    auto result = RunCommand({STABLECUT_PUBLISHER_BINARY, "--config=" + config,
                              "--insecure_loopback", "--listen=127.0.0.1:0"},
                             dir.path() + "/out.log");
    ASSERT_THAT(result, IsOk());
    EXPECT_EQ(result->exit_code, 2) << result->output;
    EXPECT_THAT(result->output, HasSubstr("targets[0].token_file"));
    EXPECT_THAT(result->output, HasSubstr(c.expected));
    EXPECT_THAT(result->output, Not(HasSubstr("startupTESTtoken")));
    EXPECT_EQ(std::count(result->output.begin(), result->output.end(), '\n'), 1)
        << result->output;
  }
}

// With release proposals: an 8-second objection window, the candidate service asking the
// verifier for the verdicts it proposes.
class PublisherProposalTest : public PublisherServiceTest {
 protected:
  PublisherProposalTest() {
    proposals_ = true;
    extra_config_ = "objection_window: \"8s\"\n";
  }

  std::string ProposalState(int64_t number) {
    github::IssueQuery query;
    query.labels = {"release-proposal"};
    query.state = "all";
    auto issues = github_->ListIssues({}, kWidgets, query);
    EXPECT_THAT(issues, IsOk());
    for (auto const& issue : issues.value_or(std::vector<github::Issue>())) {
      if (issue.number == number) return issue.state;
    }
    return "missing";
  }
};

TEST_F(PublisherProposalTest, AStandingObjectionRefusesThePublishAndPromotionClosesTheProposal) {
  v1::Proposal proposal;
  grpc::Status proposed = Propose(tag_[5], &proposal);
  ASSERT_TRUE(proposed.ok()) << proposed.error_message();
  absl::SleepFor(absl::FromUnixSeconds(proposal.window_ends_at().seconds() + 1) - absl::Now());
  Comment(proposal.issue_number(), "alice", "MEMBER", "/hold widgets-runtime crashes on import");

  auto refused = Publish(tag_[5], &operator_);
  EXPECT_EQ(refused.status.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << refused.Text();
  EXPECT_THAT(refused.status.error_message(),
              AllOf(HasSubstr("objections"), HasSubstr("/hold widgets-runtime crashes on import")));
  EXPECT_THAT(StoredFiles(), SizeIs(0));

  Comment(proposal.issue_number(), "bob", "OWNER", "/unhold fixed");
  auto call = Publish(tag_[5], &operator_);
  ASSERT_TRUE(call.status.ok()) << call.Text();
  EXPECT_TRUE(call.done.promoted());
  ExpectPromoted();

  github::IssueQuery query;
  query.labels = {"release-proposal"};
  auto issues = github_->ListIssues({}, kWidgets, query);
  ASSERT_THAT(issues, IsOk());
  ASSERT_THAT(*issues, SizeIs(1));
  EXPECT_EQ((*issues)[0].state, "closed");
  auto comments = github_->ListIssueComments({}, kWidgets, proposal.issue_number());
  ASSERT_THAT(comments, IsOk());
  ASSERT_FALSE(comments->empty());
  std::string const& closing = comments->back().body;
  EXPECT_THAT(closing, HasSubstr("Promoted: "));
  for (auto const& [name, sha] : assets_) EXPECT_THAT(closing, HasSubstr("sandbox: " + name));
}

// The first publish promotes, but GitHub refuses the comment that closes the proposal (the
// candidate service logs it; the release stays promoted). Publishing again uploads nothing,
// leaves the release as it is and has the proposal closed.
TEST_F(PublisherProposalTest, AProposalLeftOpenByTheFirstRunIsClosedWhenPublishedAgain) {
  v1::Proposal proposal;
  grpc::Status proposed = Propose(tag_[5], &proposal);
  ASSERT_TRUE(proposed.ok()) << proposed.error_message();
  absl::SleepFor(absl::FromUnixSeconds(proposal.window_ends_at().seconds() + 1) - absl::Now());
  ASSERT_THAT(sandbox_->InjectFault(
                  R"({"method":"POST","path_regex":"/issues/[0-9]+/comments$","status":500,"count":1})"),
              IsOk());
  auto first = Publish(tag_[5], &operator_);
  ASSERT_TRUE(first.status.ok()) << first.Text();
  EXPECT_TRUE(first.done.promoted());
  ExpectPromoted();
  EXPECT_EQ(ProposalState(proposal.issue_number()), "open");

  auto again = Publish(tag_[5], &operator_);
  ASSERT_TRUE(again.status.ok()) << again.Text();
  EXPECT_TRUE(again.done.promoted());
  EXPECT_THAT(again.Text(), HasSubstr("already promoted"));
  ExpectPromoted();
  EXPECT_EQ(ProposalState(proposal.issue_number()), "closed");
  auto comments = github_->ListIssueComments({}, kWidgets, proposal.issue_number());
  ASSERT_THAT(comments, IsOk());
  ASSERT_THAT(*comments, SizeIs(1));
  EXPECT_THAT((*comments)[0].body, HasSubstr("Promoted: "));
  for (auto const& [name, sha] : assets_) {
    EXPECT_THAT((*comments)[0].body, HasSubstr("sandbox: " + name));
  }
}

}  // namespace
}  // namespace stablecut
