#include "services/publisher/publisher.h"

#include <sys/stat.h>

#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/synchronization/notification.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/temp_dir.h"

namespace stablecut::publisher {
namespace {

using ::stablecut::testing::IsOk;
using ::stablecut::testing::ReadFileOrEmpty;
using ::stablecut::testing::StatusIs;
using ::stablecut::testing::TempDir;
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::SizeIs;
using ::testing::UnorderedElementsAre;

constexpr char kTag[] = "candidate-20261126.1";
constexpr char kWheelA[] = "widgets-20261126.1-py3-none-any.whl";
constexpr char kWheelB[] = "widgets-20261126.1-cp311-cp311-win_amd64.whl";
std::string const kShaA(64, 'a');
std::string const kShaB(64, 'b');

class StringSource : public http::ByteSource {
 public:
  explicit StringSource(std::string bytes) : bytes_(std::move(bytes)) {}
  absl::Status Rewind() override {
    offset_ = 0;
    return absl::OkStatus();
  }
  absl::StatusOr<std::size_t> Read(char* buffer, std::size_t size) override {
    std::size_t n = std::min(size, bytes_.size() - offset_);
    std::copy_n(bytes_.data() + offset_, n, buffer);
    offset_ += n;
    return n;
  }
  std::optional<std::int64_t> size() const override {
    return static_cast<std::int64_t>(bytes_.size());
  }

 private:
  std::string bytes_;
  std::size_t offset_ = 0;
};

class FakeAssets : public AssetSource {
 public:
  absl::StatusOr<wheel::Metadata> ReadMetadata(http::CallContext const&,
                                               PlannedFile const& file) override {
    absl::MutexLock lock(&mu);
    metadata_reads.push_back(file.filename);
    if (auto it = metadata_failures.find(file.filename); it != metadata_failures.end()) {
      return it->second;
    }
    std::string version = metadata_versions.count(file.filename) > 0
                              ? metadata_versions[file.filename]
                              : file.version;
    return wheel::ParseMetadata(absl::StrCat("Metadata-Version: 2.1\nName: ", file.project,
                                             "\nVersion: ", version, "\n"));
  }
  absl::Mutex mu;
  std::vector<std::string> metadata_reads;
  std::map<std::string, std::string> metadata_versions;   // the Version its METADATA states
  std::map<std::string, absl::Status> metadata_failures;  // reading it fails so
  std::unique_ptr<http::ByteSource> Open(http::CallContext const&,
                                         PlannedFile const& file) override {
    return std::make_unique<StringSource>(std::string(static_cast<size_t>(file.size), 'x'));
  }
};

// An index in memory. `lose_answers` uploads of a file are stored but answered UNAVAILABLE,
// as when the connection drops after the body went; `fail_answers` are refused UNAVAILABLE
// without storing.
struct FakeIndex {
  absl::Mutex mu;
  std::map<std::string, pypi::PypiFile> files;  // by filename
  std::vector<std::string> uploads;             // every Upload call, by filename
  std::vector<std::string> tokens;              // the token of every client made
  std::map<std::string, int> lose_answers;
  std::map<std::string, int> fail_answers;
  int64_t other_releases_bytes = 0;  // what the project's older releases hold
};

class FakePypi : public pypi::Api {
 public:
  explicit FakePypi(FakeIndex& index) : index_(index) {}
  absl::StatusOr<pypi::UploadResult> Upload(http::CallContext const&,
                                            pypi::FileUpload const& upload) override {
    std::string bytes(1 << 16, '\0');
    std::int64_t total = 0;
    while (true) {
      auto n = upload.content.Read(bytes.data(), bytes.size());
      if (!n.ok()) return n.status();
      if (*n == 0) break;
      total += static_cast<std::int64_t>(*n);
    }
    absl::MutexLock lock(&index_.mu);
    index_.uploads.push_back(upload.filename);
    if (index_.fail_answers[upload.filename] > 0) {
      --index_.fail_answers[upload.filename];
      return absl::UnavailableError("PyPI failed the upload (503)");
    }
    if (index_.files.count(upload.filename) > 0) return pypi::UploadResult::kAlreadyExists;
    pypi::PypiFile file;
    file.filename = upload.filename;
    file.sha256 = upload.sha256_hex;
    file.size = total;
    file.upload_time = "2026-11-30T12:00:00";
    index_.files[upload.filename] = file;
    if (index_.lose_answers[upload.filename] > 0) {
      --index_.lose_answers[upload.filename];
      return absl::UnavailableError("the connection to PyPI dropped after the body was sent");
    }
    return pypi::UploadResult::kUploaded;
  }
  absl::StatusOr<std::vector<pypi::PypiFile>> ListReleaseFiles(http::CallContext const&,
                                                               std::string const&,
                                                               std::string const&) override {
    absl::MutexLock lock(&index_.mu);
    if (index_.files.empty()) return absl::NotFoundError("no such release");
    std::vector<pypi::PypiFile> files;
    for (auto const& [name, file] : index_.files) files.push_back(file);
    return files;
  }
  absl::StatusOr<int64_t> ProjectBytes(http::CallContext const&, std::string const&) override {
    absl::MutexLock lock(&index_.mu);
    int64_t total = index_.other_releases_bytes;
    for (auto const& [name, file] : index_.files) total += file.size;
    return total;
  }

 private:
  FakeIndex& index_;
};

class FakePeers : public Peers {
 public:
  absl::StatusOr<v1::Verdict> Verify(http::CallContext const&, std::string const&) override {
    if (block_verify != nullptr) {
      entered_verify.Notify();
      block_verify->WaitForNotification();
    }
    return verdict;
  }
  absl::StatusOr<v1::Candidate> GetCandidate(http::CallContext const&,
                                             std::string const&) override {
    v1::Candidate candidate = verdict.candidate();
    if (promotions > 0) candidate.set_state(v1::Candidate::STATE_STABLE);
    return candidate;
  }
  absl::StatusOr<v1::Candidate> Promote(http::CallContext const&, std::string const&,
                                        std::vector<std::string> const& files) override {
    ++promotions;
    published_files = files;
    v1::Candidate candidate = verdict.candidate();
    candidate.set_state(v1::Candidate::STATE_STABLE);
    return candidate;
  }

  v1::Verdict verdict;
  int promotions = 0;
  std::vector<std::string> published_files;
  absl::Notification* block_verify = nullptr;
  absl::Notification entered_verify;
};

v1::Verdict ApprovedVerdict() {
  v1::Verdict verdict;
  verdict.set_approved(true);
  auto* candidate = verdict.mutable_candidate();
  candidate->set_tag(kTag);
  candidate->set_version("20261126.1");
  candidate->set_commit_sha(std::string(40, 'c'));
  int64_t id = 1;
  for (auto const& [name, sha] : {std::pair<std::string, std::string>{kWheelA, kShaA}, {kWheelB, kShaB}}) {
    auto* asset = candidate->add_assets();
    asset->set_id(id++);
    asset->set_name(name);
    asset->set_size(10 * 1024 * 1024);
    asset->set_sha256(sha);
  }
  auto* check = verdict.add_checks();
  check->set_name("ci");
  check->set_outcome(v1::Check::OUTCOME_PASS);
  check->set_passed(true);
  return verdict;
}

class PublisherTest : public ::testing::Test {
 protected:
  PublisherTest() {
    token_file_ = dir_.WriteFile("pypi.token", "pypi-firstTESTtoken0123456789");
    settings_.audit_file = dir_.path() + "/audit.jsonl";
    settings_.projects = {"widgets"};
    TargetSettings target;
    target.name = "pypi";
    target.token_file = token_file_;
    settings_.targets = {target};
    peers_.verdict = ApprovedVerdict();
  }

  std::unique_ptr<Publisher> MakePublisher() {
    std::vector<Target> targets;
    targets.push_back({settings_.targets[0],
                       std::make_unique<TokenFileCredential>(token_file_, "the token")});
    PypiFactory factory = [this](TargetSettings const&, http::Secret token) {
      {
        absl::MutexLock lock(&index_.mu);
        index_.tokens.push_back(token.Reveal());
      }
      return std::unique_ptr<pypi::Api>(std::make_unique<FakePypi>(index_));
    };
    return std::make_unique<Publisher>(settings_, peers_, assets_, std::move(targets), factory,
                                       audit_, [] { return absl::Now(); });
  }

  absl::StatusOr<v1::Publication> Publish(Publisher& publisher, PublishOrder order = {}) {
    if (order.tag.empty()) order.tag = kTag;
    if (order.caller.empty()) order.caller = "spiffe://stablecut/operator";
    events_.clear();
    return publisher.Publish(http::CallContext::FromDeadline(absl::Now() + absl::Seconds(30)), order,
                             [this](v1::PublishEvent const& event) { events_.push_back(event); });
  }

  std::vector<nlohmann::json> AuditRecords() {
    std::vector<nlohmann::json> records;
    std::string text = ReadFileOrEmpty(settings_.audit_file);
    for (absl::string_view line : absl::StrSplit(text, '\n', absl::SkipEmpty())) {
      records.push_back(nlohmann::json::parse(line));
    }
    return records;
  }

  std::vector<std::pair<std::string, v1::FileOutcome>> Outcomes(v1::Publication const& p) {
    std::vector<std::pair<std::string, v1::FileOutcome>> outcomes;
    for (auto const& file : p.files()) outcomes.emplace_back(file.name(), file.outcome());
    std::sort(outcomes.begin(), outcomes.end());
    return outcomes;
  }

  TempDir dir_;
  std::string token_file_;
  PublisherSettings settings_;
  FakePeers peers_;
  FakeAssets assets_;
  FakeIndex index_;
  AuditTrail audit_{dir_.path() + "/audit.jsonl"};
  std::vector<v1::PublishEvent> events_;
};

TEST_F(PublisherTest, PublishesEveryFileThenPromotesAndAuditsBothEnds) {
  auto publisher = MakePublisher();
  auto publication = Publish(*publisher);
  ASSERT_THAT(publication, IsOk());
  EXPECT_TRUE(publication->promoted());
  EXPECT_EQ(peers_.promotions, 1);
  // The proposal's closing comment names each target's files.
  EXPECT_THAT(peers_.published_files, UnorderedElementsAre(HasSubstr(kWheelA), HasSubstr(kWheelB)));
  EXPECT_THAT(Outcomes(*publication),
              ElementsAre(std::pair<std::string, v1::FileOutcome>{kWheelB, v1::FILE_OUTCOME_UPLOADED},
                          std::pair<std::string, v1::FileOutcome>{kWheelA, v1::FILE_OUTCOME_UPLOADED}));
  EXPECT_EQ(index_.files[kWheelA].sha256, kShaA);
  EXPECT_EQ(index_.files[kWheelB].size, 10 * 1024 * 1024);
  // Progress came in steps, not only at the end.
  int progress_events = 0;
  for (auto const& event : events_) {
    if (event.has_file() && event.file().outcome() == v1::FILE_OUTCOME_UNSPECIFIED) ++progress_events;
  }
  EXPECT_GE(progress_events, 4);

  auto records = AuditRecords();
  ASSERT_THAT(records, SizeIs(2));
  EXPECT_EQ(records[0]["event"], "publish_started");
  EXPECT_EQ(records[0]["caller"], "spiffe://stablecut/operator");
  EXPECT_EQ(records[0]["commit"], std::string(40, 'c'));
  EXPECT_EQ(records[0]["files"][0]["sha256"], kShaA);
  EXPECT_EQ(records[0]["checks"][0]["name"], "ci");
  EXPECT_EQ(records[1]["event"], "publish_finished");
  EXPECT_EQ(records[1]["outcome"], "ok");
  EXPECT_EQ(records[1]["promoted"], true);
  EXPECT_EQ(records[0]["run_id"], records[1]["run_id"]);
  EXPECT_EQ(ReadFileOrEmpty(settings_.audit_file).find("TESTtoken"), std::string::npos);
}

TEST_F(PublisherTest, PublishingAgainUploadsNothingAndPromotesIdempotently) {
  auto publisher = MakePublisher();
  ASSERT_THAT(Publish(*publisher), IsOk());
  auto again = Publish(*publisher);
  ASSERT_THAT(again, IsOk());
  EXPECT_THAT(index_.uploads, SizeIs(2));
  EXPECT_THAT(Outcomes(*again),
              ElementsAre(std::pair<std::string, v1::FileOutcome>{kWheelB, v1::FILE_OUTCOME_SKIPPED_EXISTING},
                          std::pair<std::string, v1::FileOutcome>{kWheelA, v1::FILE_OUTCOME_SKIPPED_EXISTING}));
  EXPECT_TRUE(again->promoted());
  // Asked again, so that the candidate service closes proposals a first run left open; the
  // files named are those on the target.
  EXPECT_EQ(peers_.promotions, 2);
  EXPECT_THAT(peers_.published_files, SizeIs(2));

  // A dry run of a promoted release asks nothing that writes.
  PublishOrder dry;
  dry.dry_run = true;
  ASSERT_THAT(Publish(*publisher, dry), IsOk());
  EXPECT_EQ(peers_.promotions, 2);
}

TEST_F(PublisherTest, APromotedReleaseMissingAFileIsRefusedNotVerifiedAgain) {
  auto publisher = MakePublisher();
  ASSERT_THAT(Publish(*publisher), IsOk());
  index_.files.erase(kWheelB);
  EXPECT_THAT(Publish(*publisher),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       AllOf(HasSubstr("already promoted"), HasSubstr(kWheelB))));
  EXPECT_THAT(index_.uploads, SizeIs(2));
}

TEST_F(PublisherTest, NotApprovedUploadsNothingAndWritesNoRecord) {
  peers_.verdict.set_approved(false);
  peers_.verdict.mutable_checks(0)->set_outcome(v1::Check::OUTCOME_INCONCLUSIVE);
  peers_.verdict.mutable_checks(0)->set_detail("CI still running");
  auto publisher = MakePublisher();
  EXPECT_THAT(Publish(*publisher),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("ci INCONCLUSIVE: CI still running")));
  EXPECT_THAT(index_.uploads, IsEmpty());
  EXPECT_THAT(AuditRecords(), IsEmpty());
  EXPECT_EQ(peers_.promotions, 0);
}

TEST_F(PublisherTest, OverridesNeedTheRightAndAReasonAndAreAudited) {
  peers_.verdict.set_approved(false);
  peers_.verdict.mutable_checks(0)->set_outcome(v1::Check::OUTCOME_FAIL);
  auto publisher = MakePublisher();
  PublishOrder order;
  order.override_checks = {"ci"};
  order.override_reason = "flaky runner, rerun green";
  EXPECT_THAT(Publish(*publisher, order),
              StatusIs(absl::StatusCode::kPermissionDenied, HasSubstr("Publish:override")));
  order.may_override = true;
  order.override_reason.clear();
  EXPECT_THAT(Publish(*publisher, order),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("override_reason")));
  EXPECT_THAT(index_.uploads, IsEmpty());
  order.override_reason = "flaky runner, rerun green";
  ASSERT_THAT(Publish(*publisher, order), IsOk());
  auto records = AuditRecords();
  ASSERT_THAT(records, SizeIs(2));
  EXPECT_EQ(records[0]["override_checks"][0], "ci");
  EXPECT_EQ(records[0]["override_reason"], "flaky runner, rerun green");
  EXPECT_EQ(records[0]["approved"], false);
}

TEST_F(PublisherTest, AFileThereWithOtherBytesStopsBeforeAnyUpload) {
  pypi::PypiFile other;
  other.filename = kWheelB;
  other.sha256 = std::string(64, 'f');
  other.upload_time = "2026-11-30T12:00:00";
  index_.files[kWheelB] = other;
  auto publisher = MakePublisher();
  EXPECT_THAT(Publish(*publisher), StatusIs(absl::StatusCode::kFailedPrecondition,
                                            HasSubstr("can never be replaced")));
  EXPECT_THAT(index_.uploads, IsEmpty());
  EXPECT_EQ(peers_.promotions, 0);
}

TEST_F(PublisherTest, AFileWhoseMetadataDisagreesIsRefusedInPreflightBeforeAnyUpload) {
  assets_.metadata_versions[kWheelB] = "0.1";
  auto publisher = MakePublisher();
  EXPECT_THAT(Publish(*publisher),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       AllOf(HasSubstr("pre-flight"), HasSubstr(kWheelB), HasSubstr("0.1"),
                             HasSubstr("nothing was uploaded"))));
  EXPECT_THAT(index_.uploads, IsEmpty());
  EXPECT_EQ(peers_.promotions, 0);
  EXPECT_THAT(AuditRecords(), IsEmpty());
}

TEST_F(PublisherTest, MetadataUnreadableForTheNetworkKeepsItsCodeAndUploadsNothing) {
  assets_.metadata_failures[kWheelA] =
      absl::UnavailableError("GitHub unavailable after 5 attempts");
  auto publisher = MakePublisher();
  EXPECT_THAT(Publish(*publisher), StatusIs(absl::StatusCode::kUnavailable,
                                            HasSubstr("GitHub unavailable after 5 attempts")));
  EXPECT_THAT(index_.uploads, IsEmpty());
}

TEST_F(PublisherTest, MetadataIsReadOncePerFileWhateverTheTargetsAndAttempts) {
  index_.fail_answers[kWheelA] = 1;
  auto publisher = MakePublisher();
  ASSERT_THAT(Publish(*publisher), IsOk());
  EXPECT_THAT(assets_.metadata_reads, UnorderedElementsAre(kWheelA, kWheelB));
}

TEST_F(PublisherTest, ALostAnswerIsReconciledThroughTheJsonApiNotResent) {
  index_.lose_answers[kWheelA] = 1;
  auto publisher = MakePublisher();
  auto publication = Publish(*publisher);
  ASSERT_THAT(publication, IsOk());
  EXPECT_EQ(std::count(index_.uploads.begin(), index_.uploads.end(), kWheelA), 1);
  EXPECT_EQ(Outcomes(*publication)[1].second, v1::FILE_OUTCOME_UPLOADED);
}

TEST_F(PublisherTest, AFailureThatStoredNothingIsRetriedUpToTheLimit) {
  index_.fail_answers[kWheelA] = 1;
  auto publisher = MakePublisher();
  ASSERT_THAT(Publish(*publisher), IsOk());
  EXPECT_EQ(std::count(index_.uploads.begin(), index_.uploads.end(), kWheelA), 2);

  index_.files.clear();
  index_.uploads.clear();
  peers_.promotions = 0;
  index_.fail_answers[kWheelA] = Publisher::kMaxUploadAttempts;
  EXPECT_THAT(Publish(*publisher), StatusIs(absl::StatusCode::kUnavailable, ::testing::_));
  EXPECT_EQ(std::count(index_.uploads.begin(), index_.uploads.end(), kWheelA),
            Publisher::kMaxUploadAttempts);
  EXPECT_EQ(peers_.promotions, 0);
  auto records = AuditRecords();
  EXPECT_EQ(records.back()["outcome"], "failed");
}

TEST_F(PublisherTest, ASecondPublishOfTheSameTagIsAbortedNamingTheFirst) {
  absl::Notification release;
  peers_.block_verify = &release;
  auto publisher = MakePublisher();
  std::thread first([&] {
    PublishOrder order;
    order.tag = kTag;
    order.caller = "spiffe://stablecut/alice";
    (void)publisher->Publish(http::CallContext::FromDeadline(absl::Now() + absl::Seconds(30)), order,
                       [](v1::PublishEvent const&) {});
  });
  peers_.entered_verify.WaitForNotification();
  PublishOrder order;
  order.tag = kTag;
  order.caller = "spiffe://stablecut/bob";
  auto second = publisher->Publish(http::CallContext::FromDeadline(absl::Now() + absl::Seconds(30)), order,
                                   [](v1::PublishEvent const&) {});
  auto state = publisher->GetPublication(http::CallContext::FromDeadline(absl::Now() + absl::Seconds(30)), kTag);
  release.Notify();
  first.join();
  EXPECT_THAT(second, StatusIs(absl::StatusCode::kAborted, HasSubstr("spiffe://stablecut/alice")));
  ASSERT_THAT(state, IsOk());
  EXPECT_EQ(state->in_flight_by(), "spiffe://stablecut/alice");
}

TEST_F(PublisherTest, TheTokenIsReadAgainForEveryPublish) {
  auto publisher = MakePublisher();
  ASSERT_THAT(Publish(*publisher), IsOk());
  dir_.WriteFile("pypi.token", "pypi-secondTESTtoken0123456789");
  peers_.promotions = 0;  // a new candidate's publish, as far as the pipeline can tell
  index_.files.clear();
  ASSERT_THAT(Publish(*publisher), IsOk());
  ASSERT_THAT(index_.tokens, SizeIs(2));
  EXPECT_EQ(index_.tokens[0], "pypi-firstTESTtoken0123456789");
  EXPECT_EQ(index_.tokens[1], "pypi-secondTESTtoken0123456789");

  ASSERT_EQ(chmod(token_file_.c_str(), 0644), 0);
  peers_.promotions = 0;
  index_.files.clear();
  auto refused = Publish(*publisher);
  EXPECT_THAT(refused, StatusIs(absl::StatusCode::kFailedPrecondition,
                                AllOf(HasSubstr("the token"), HasSubstr("group or others"))));
  EXPECT_THAT(std::string(refused.status().message()), Not(HasSubstr("TESTtoken")));
}

TEST_F(PublisherTest, DryRunReadsAndReportsButWritesOnlyItsRecord) {
  auto publisher = MakePublisher();
  PublishOrder order;
  order.dry_run = true;
  auto publication = Publish(*publisher, order);
  ASSERT_THAT(publication, IsOk());
  EXPECT_TRUE(publication->dry_run());
  EXPECT_FALSE(publication->promoted());
  EXPECT_THAT(index_.uploads, IsEmpty());
  EXPECT_EQ(peers_.promotions, 0);
  auto records = AuditRecords();
  ASSERT_THAT(records, SizeIs(1));
  EXPECT_EQ(records[0]["event"], "dry_run");
  bool said_would_upload = false;
  for (auto const& event : events_) {
    if (absl::StrContains(event.message(), "would upload " + std::string(kWheelA))) {
      said_would_upload = true;
    }
  }
  EXPECT_TRUE(said_would_upload);
}

TEST_F(PublisherTest, GetPublicationRebuildsTheStateFromTheTargets) {
  auto publisher = MakePublisher();
  ASSERT_THAT(Publish(*publisher), IsOk());
  // A fresh Publisher: nothing carried over in memory.
  auto state = MakePublisher()->GetPublication(
      http::CallContext::FromDeadline(absl::Now() + absl::Seconds(30)), kTag);
  ASSERT_THAT(state, IsOk());
  EXPECT_TRUE(state->promoted());
  ASSERT_THAT(state->targets(), SizeIs(1));
  EXPECT_THAT(state->targets(0).files(), SizeIs(2));
  EXPECT_THAT(Outcomes(*state),
              ElementsAre(std::pair<std::string, v1::FileOutcome>{kWheelB, v1::FILE_OUTCOME_UPLOADED},
                          std::pair<std::string, v1::FileOutcome>{kWheelA, v1::FILE_OUTCOME_UPLOADED}));
  EXPECT_THAT(state->audit_records(), SizeIs(2));
  EXPECT_THAT(state->in_flight_by(), IsEmpty());
}

}  // namespace
}  // namespace stablecut::publisher
