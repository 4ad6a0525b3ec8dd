#pragma once
// The publisher e2e fixture: on top of the verifier fixture (sandbox with the demo, the real
// candidate service and verifier over mTLS), the real stablecut-publisher with the sandbox's
// PyPI as its one target ("sandbox"), an audit file, and these identities: the operator
// (Publish, GetPublication), the release lead (Publish and the override right); the
// demo's pre-release candidates by age in days (tag_), the 5-day one's assets. TearDown
// checks that the PyPI token is in no log, answer or audit record. Used by
// publisher_service_test.cc and cli_test.cc.

#include <signal.h>

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <grpcpp/grpcpp.h>
#include <nlohmann/json.hpp>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "stablecut/v1/candidate.grpc.pb.h"
#include "stablecut/v1/publisher.grpc.pb.h"
#include "tests/e2e/verifier_e2e_fixture.h"

namespace stablecut::publisher_e2e {

using ::stablecut::testing::IsOk;
using ::stablecut::testing::KeyPair;
using ::stablecut::testing::ReadFileOrEmpty;
using ::stablecut::testing::Subprocess;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::SizeIs;

using namespace ::stablecut::verifier_e2e;  // NOLINT: the fixture's names

inline constexpr char kLead[] = "spiffe://stablecut/release-lead";

struct PublishCall {
  grpc::Status status;
  std::vector<v1::PublishEvent> events;
  v1::Publication done;  // the last event's, when there is one
  std::string Text() const {
    std::string text = absl::StrCat(status.error_code(), " ", status.error_message(), "\n");
    for (auto const& event : events) absl::StrAppend(&text, event.ShortDebugString(), "\n");
    return text;
  }
};

class PublisherServiceTest : public VerifierE2eTest {
 protected:
  PublisherServiceTest() {
    candidate_acl_extra_ = absl::StrCat(
        "  acl { method: \"stablecut.v1.CandidateService/GetCandidate\" identities: \"",
        kPublisher, "\" }\n  acl { method: \"stablecut.v1.CandidateService/PromoteCandidate\" "
        "identities: \"", kPublisher, "\" }\n");
  }

  void SetUpGitHub() override {
    for (auto const& [days, release] : PreReleasesByAge()) {
      tag_[days] = release.tag_name;
      if (days == 5) {
        release_id_ = release.id;
        for (auto const& asset : release.assets) {
          assets_[asset.name] = asset.digest_sha256;
          asset_ids_[asset.name] = asset.id;
        }
      }
      if (days == 5) PostStatus(release.target_commitish, "success", "integrated");
    }
    ASSERT_EQ(tag_.count(5), 1u);
    ASSERT_THAT(assets_, SizeIs(2));
  }

  void SetUp() override {
    VerifierE2eTest::SetUp();
    if (HasFatalFailure()) return;
    lead_ = ca_.IssueClient(kLead);
    verifier_identity_ = ca_.IssueClient(kVerifier);
    token_file_ = dir_.WriteFile("pypi.token", sandbox_->pypi_token());
    audit_file_ = dir_.path() + "/audit.jsonl";
    StartPublisher();
  }

  std::string PublisherConfig() {
    return absl::StrCat(
        "server {\n", Tls(ca_.IssueServer(), "publisher-server"),
        "  acl { method: \"stablecut.v1.PublisherService/Publish\" identities: \"", kOperator,
        "\" identities: \"", kLead, "\" }\n",
        "  acl { method: \"stablecut.v1.PublisherService/GetPublication\" identities: \"",
        kOperator, "\" }\n",
        "  acl { method: \"stablecut.v1.PublisherService/Publish:override\" identities: \"",
        kLead, "\" }\n}\n",
        "verifier {\n  address: \"127.0.0.1:", verifier_port_, "\"\n",
        Tls(publisher_, "publisher-client"), "  timeout: \"60s\"\n}\n",
        "candidate_service {\n  address: \"127.0.0.1:", candidate_port_, "\"\n",
        Tls(publisher_, "publisher-client"), "}\n",
        "github {\n  api_base_url: \"", sandbox_->GitHubApiUrl(),
        "\"\n  repository: \"stablecut-demo/widgets\"\n}\n",
        "targets {\n  name: \"sandbox\"\n  upload_url: \"", sandbox_->PypiUploadUrl(),
        "\"\n  json_api_base_url: \"", sandbox_->PypiJsonUrl(), "\"\n  token_file: \"",
        token_file_, "\"\n", target_extra_config_, "}\n",
        "audit_file: \"", audit_file_, "\"\n",
        "projects: \"widgets\"\nprojects: \"widgets_runtime\"\n", publisher_extra_config_);
  }

  void StartPublisher() {
    auto process = Subprocess::Start(
        {STABLECUT_PUBLISHER_BINARY, "--config=" + dir_.WriteFile("publisher.txtpb", PublisherConfig()),
         "--listen=127.0.0.1:0", "--health_listen=none"},
        absl::StrCat(dir_.path(), "/publisher-", ++publisher_starts_, ".log"));
    ASSERT_THAT(process, IsOk());
    publisher_process_.emplace(*std::move(process));
    auto port = publisher_process_->WaitForLoggedInt("serving", "port");
    ASSERT_THAT(port, IsOk()) << publisher_process_->Log();
    publisher_port_ = *port;
  }

  void KillPublisher() {
    publisher_process_->Signal(SIGKILL);
    auto code = publisher_process_->Wait();
    EXPECT_THAT(code, IsOk());
    logs_.push_back(publisher_process_->Log());
    publisher_process_.reset();
  }

  void TearDown() override {
    if (publisher_process_) {
      publisher_process_->Signal(SIGTERM);
      EXPECT_THAT(publisher_process_->Wait(), IsOk());
      logs_.push_back(publisher_process_->Log());
    }
    VerifierE2eTest::TearDown();
    if (!sandbox_) return;
    // The PyPI token reaches no log, event, error or audit record, whatever the test did.
    std::string const token = sandbox_->pypi_token();
    ASSERT_GT(token.size(), 8u);
    logs_.push_back(ReadFileOrEmpty(audit_file_));
    if (candidate_) logs_.push_back(candidate_->Log());
    if (verifier_) logs_.push_back(verifier_->Log());
    for (auto const& text : logs_) EXPECT_THAT(text, Not(HasSubstr(token)));
    for (auto const& text : answers_) EXPECT_THAT(text, Not(HasSubstr(token)));
    // It was sent only to the upload URL: the sandbox's request log names the credential
    // each request carried (never its value), GitHub's, the JSON API's and the index's
    // requests included.
    for (auto const& request : SeenRequests()) {
      if (request["credential"] != "pypi-upload") continue;
      EXPECT_EQ(request["method"], "POST") << request.dump();
      EXPECT_EQ(request["path"], "/pypi/legacy/") << request.dump();
    }
  }

  // The sandbox's request log (GET /_control/state's "requests"); `of` another sandbox's.
  std::vector<nlohmann::json> SeenRequests(::stablecut::testing::SandboxProcess* of = nullptr) {
    auto dump = (of != nullptr ? of : sandbox_.get())->DumpState();
    EXPECT_THAT(dump, IsOk());
    if (!dump.ok()) return {};
    nlohmann::json const state = nlohmann::json::parse(*dump);
    return state["requests"].get<std::vector<nlohmann::json>>();
  }

  std::unique_ptr<v1::PublisherService::Stub> PublisherStub(KeyPair const* identity) {
    return v1::PublisherService::NewStub(::stablecut::testing::TlsChannel(
        publisher_port_, ca_.ca_pem(), identity));
  }

  PublishCall Publish(std::string const& tag, KeyPair const* identity, bool dry_run = false,
                      std::vector<std::string> overrides = {}, std::string reason = "") {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(120));
    v1::PublishRequest request;
    request.set_tag(tag);
    request.set_dry_run(dry_run);
    for (auto const& name : overrides) request.add_override_checks(name);
    request.set_override_reason(reason);
    PublishCall call;
    auto reader = PublisherStub(identity)->Publish(&context, request);
    v1::PublishEvent event;
    while (reader->Read(&event)) {
      call.events.push_back(event);
      if (event.has_done()) call.done = event.done();
    }
    call.status = reader->Finish();
    answers_.push_back(call.Text());
    return call;
  }

  // The sandbox's PyPI (`of` another sandbox's): filename -> sha256 of every stored file, and
  // every upload attempt.
  nlohmann::json PypiState(::stablecut::testing::SandboxProcess* of = nullptr) {
    auto dump = (of != nullptr ? of : sandbox_.get())->DumpState();
    EXPECT_THAT(dump, IsOk());
    return nlohmann::json::parse(dump.ok() ? *dump : "{}")["pypi"];
  }
  std::map<std::string, std::string> StoredFiles(
      ::stablecut::testing::SandboxProcess* of = nullptr) {
    std::map<std::string, std::string> files;
    auto pypi = PypiState(of);
    for (auto const& [name, project] : pypi["projects"].items()) {
      for (auto const& release : project["releases"]) {
        for (auto const& file : release["files"]) {
          files[file["filename"].get<std::string>()] = file["sha256"].get<std::string>();
        }
      }
    }
    return files;
  }
  // Upload attempts the sandbox's PyPI answered with a refusal. An upload whose body never
  // arrived whole (a publisher killed mid-body: nobody was there to get an answer) is not
  // one; a "File already exists", a bad digest or any other refusal is.
  int RefusedUploads() {
    int refused = 0;
    nlohmann::json const pypi = PypiState();  // iterated below: it must outlive the loop
    for (auto const& attempt : pypi["uploads"]) {
      if (attempt["status"].get<int>() == 200) continue;
      if (attempt["message"] == "the upload body could not be read") continue;
      ++refused;
    }
    return refused;
  }
  // Upload attempts cut off mid-body.
  int CutOffUploads() {
    int cut = 0;
    nlohmann::json const pypi = PypiState();
    for (auto const& attempt : pypi["uploads"]) {
      if (attempt["message"] == "the upload body could not be read") ++cut;
    }
    return cut;
  }

  // The demo's 5-day candidate: promoted to stable and latest on GitHub.
  void ExpectPromoted() {
    auto latest = github_->GetLatestRelease({}, kWidgets);
    ASSERT_THAT(latest, IsOk());
    EXPECT_EQ(latest->id, release_id_);
    EXPECT_FALSE(latest->prerelease);
  }

  std::vector<nlohmann::json> AuditRecords() {
    std::vector<nlohmann::json> records;
    for (absl::string_view line :
         absl::StrSplit(ReadFileOrEmpty(audit_file_), '\n', absl::SkipEmpty())) {
      records.push_back(nlohmann::json::parse(line));
    }
    return records;
  }

  std::map<int, std::string> tag_;  // pre-release candidates by age in days
  int64_t release_id_ = 0;
  std::map<std::string, std::string> assets_;  // the 5-day candidate's: name -> sha256
  std::map<std::string, int64_t> asset_ids_;
  KeyPair lead_, verifier_identity_;
  std::string token_file_, audit_file_;
  std::optional<Subprocess> publisher_process_;
  int publisher_port_ = 0;
  int publisher_starts_ = 0;
  std::vector<std::string> logs_;
  std::string publisher_extra_config_;  // appended to the publisher's config
  std::string target_extra_config_;     // appended inside its one target
};

}  // namespace stablecut::publisher_e2e
