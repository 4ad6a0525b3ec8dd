#include "services/publisher/publish_plan.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/testing/status_matchers.h"

namespace stablecut::publisher {
namespace {

using ::stablecut::testing::IsOk;
using ::stablecut::testing::StatusIs;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kSha[] = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";

v1::Candidate Candidate(std::vector<std::string> const& names) {
  v1::Candidate candidate;
  candidate.set_tag("candidate-20261126.1");
  candidate.set_version("20261126.1");
  int64_t id = 1;
  for (auto const& name : names) {
    auto* asset = candidate.add_assets();
    asset->set_id(id++);
    asset->set_name(name);
    asset->set_size(1000);
    asset->set_sha256(kSha);
  }
  return candidate;
}

std::vector<TargetSettings> Targets(int64_t max_file_bytes = kPypiDefaultMaxFileBytes) {
  TargetSettings target;
  target.name = "pypi";
  target.max_file_bytes = max_file_bytes;
  return {target};
}

TEST(PlanFiles, TakesWheelsOfTheConfiguredProjectsAtTheCandidatesVersion) {
  auto files = PlanFiles(Candidate({"widgets-20261126.1-py3-none-any.whl",
                                    "widgets_runtime-20261126.1-cp311-cp311-manylinux_2_28_x86_64.whl"}),
                         {"widgets", "widgets-runtime"}, Targets());
  ASSERT_THAT(files, IsOk());
  ASSERT_EQ(files->size(), 2u);
  EXPECT_EQ((*files)[1].project, "widgets-runtime");
  EXPECT_EQ((*files)[1].asset_id, 2);
  EXPECT_EQ((*files)[1].sha256, kSha);
}

TEST(PlanFiles, TakesOneSdistPerProjectBesideTheWheels) {
  auto files = PlanFiles(Candidate({"widgets-20261126.1-py3-none-any.whl",
                                    "widgets-20261126.1.tar.gz",
                                    "widgets_runtime-20261126.1.tar.gz"}),
                         {"widgets", "widgets-runtime"}, Targets());
  ASSERT_THAT(files, IsOk());
  ASSERT_EQ(files->size(), 3u);
  EXPECT_EQ((*files)[1].filename, "widgets-20261126.1.tar.gz");
  EXPECT_EQ((*files)[1].project, "widgets");
  EXPECT_EQ((*files)[2].project, "widgets-runtime");
}

TEST(PlanFiles, RefusesASecondSdistOfOneProject) {
  // "Widgets" normalizes to the same project as "widgets": still a second sdist.
  auto files = PlanFiles(
      Candidate({"widgets-20261126.1.tar.gz", "Widgets-20261126.1.tar.gz"}), {"widgets"},
      Targets());
  EXPECT_THAT(files, StatusIs(absl::StatusCode::kFailedPrecondition,
                              AllOf(HasSubstr("Widgets-20261126.1.tar.gz"),
                                    HasSubstr("a second sdist of widgets"),
                                    HasSubstr("widgets-20261126.1.tar.gz is one"),
                                    HasSubstr("nothing was uploaded"))));
}

TEST(PlanFiles, RefusesTheWholeReleaseForAnyBadFileNamingItAndTheRule) {
  struct Case {
    std::string name;
    std::string expected;
  } const cases[] = {
      {"../widgets-20261126.1-py3-none-any.whl", "path separator or \"..\""},
      {"widgets-20261126.1.zip", "PEP 625"},
      {"widgets-20261126.2.tar.gz", "not of version 20261126.1"},
      {"gadgets-20261126.1.tar.gz", "belongs to project \"gadgets\""},
      {"gadgets-20261126.1-py3-none-any.whl", "belongs to project \"gadgets\""},
      {"widgets-20261126.2-py3-none-any.whl", "not of version 20261126.1"},
      {"checksums.txt", "neither a wheel nor an sdist"},
  };
  for (auto const& c : cases) {
    SCOPED_TRACE(c.name);
    auto files = PlanFiles(Candidate({"widgets-20261126.1-py3-none-any.whl", c.name}),
                           {"widgets"}, Targets());
    EXPECT_THAT(files, StatusIs(absl::StatusCode::kFailedPrecondition,
                                AllOf(HasSubstr(c.name), HasSubstr(c.expected),
                                      HasSubstr("nothing was uploaded"))));
  }
}

TEST(PlanFiles, RefusesAFileWithoutDigestOrOverATargetsLimit) {
  auto candidate = Candidate({"widgets-20261126.1-py3-none-any.whl"});
  candidate.mutable_assets(0)->clear_sha256();
  EXPECT_THAT(PlanFiles(candidate, {"widgets"}, Targets()),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("no sha256 digest")));
  EXPECT_THAT(PlanFiles(Candidate({"widgets-20261126.1-py3-none-any.whl"}), {"widgets"},
                        Targets(/*max_file_bytes=*/999)),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       AllOf(HasSubstr("1000 bytes is over target \"pypi\"'s limit of 999"))));
  EXPECT_THAT(PlanFiles(Candidate({}), {"widgets"}, Targets()),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("has no assets")));
}

v1::Verdict Verdict(bool approved, std::vector<std::pair<std::string, v1::Check::Outcome>> checks) {
  v1::Verdict verdict;
  verdict.mutable_candidate()->set_tag("candidate-20261126.1");
  verdict.set_approved(approved);
  for (auto const& [name, outcome] : checks) {
    auto* check = verdict.add_checks();
    check->set_name(name);
    check->set_outcome(outcome);
    check->set_passed(outcome == v1::Check::OUTCOME_PASS);
    check->set_detail("detail of " + name);
  }
  return verdict;
}

TEST(CheckVerdict, ApprovedGoes) {
  EXPECT_THAT(CheckVerdict(Verdict(true, {{"age", v1::Check::OUTCOME_PASS}}), {}), IsOk());
}

TEST(CheckVerdict, ListsEveryCheckLeftStandingFailedOrInconclusive) {
  auto verdict = Verdict(false, {{"age", v1::Check::OUTCOME_INCONCLUSIVE},
                                 {"ci", v1::Check::OUTCOME_FAIL},
                                 {"holds", v1::Check::OUTCOME_PASS}});
  auto status = CheckVerdict(verdict, {});
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kFailedPrecondition,
                               AllOf(HasSubstr("age INCONCLUSIVE: detail of age"),
                                     HasSubstr("ci FAIL: detail of ci"),
                                     Not(HasSubstr("holds")))));
  EXPECT_THAT(CheckVerdict(verdict, {"ci"}),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       AllOf(HasSubstr("age INCONCLUSIVE"), Not(HasSubstr("ci FAIL")))));
  EXPECT_THAT(CheckVerdict(verdict, {"ci", "age"}), IsOk());
}

TEST(CheckVerdict, AnOverrideMustNameACheck) {
  EXPECT_THAT(CheckVerdict(Verdict(false, {{"ci", v1::Check::OUTCOME_FAIL}}), {"cl"}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("\"cl\""), HasSubstr("(ci)"))));
}

PlannedFile File(std::string filename, std::string sha = kSha) {
  return {std::move(filename), "widgets", "20261126.1", std::move(sha), 1000, 1};
}

pypi::PypiFile OnIndex(std::string filename, std::string sha, std::string upload_time) {
  pypi::PypiFile file;
  file.filename = std::move(filename);
  file.sha256 = std::move(sha);
  file.upload_time = std::move(upload_time);
  return file;
}

absl::Time Now() { return absl::FromCivil(absl::CivilSecond(2026, 12, 1, 12, 0, 0), absl::UTCTimeZone()); }

TEST(PlanTarget, SkipsWhatIsThereAndUploadsTheRest) {
  auto plan = PlanTarget("pypi", {File("widgets-20261126.1-py3-none-any.whl"),
                                  File("widgets-20261126.1-cp311-cp311-win_amd64.whl")},
                         {{"widgets", {OnIndex("widgets-20261126.1-py3-none-any.whl", kSha,
                                               "2026-11-30T10:00:00")}}},
                         Now());
  ASSERT_THAT(plan, IsOk());
  ASSERT_EQ(plan->present.size(), 1u);
  ASSERT_EQ(plan->upload.size(), 1u);
  EXPECT_EQ(plan->upload[0].filename, "widgets-20261126.1-cp311-cp311-win_amd64.whl");
}

TEST(PlanTarget, AFileOfTheSameNameWithOtherBytesStopsEverything) {
  std::string other(64, 'b');
  auto plan = PlanTarget("pypi", {File("widgets-20261126.1-py3-none-any.whl")},
                         {{"widgets", {OnIndex("widgets-20261126.1-py3-none-any.whl", other,
                                               "2026-11-30T10:00:00")}}},
                         Now());
  EXPECT_THAT(plan, StatusIs(absl::StatusCode::kFailedPrecondition,
                             AllOf(HasSubstr("already on pypi with sha256 " + other),
                                   HasSubstr("can never be replaced"))));
}

TEST(PlanTarget, RefusesToAddFilesToAReleaseOlderThanFourteenDays) {
  auto files = std::vector<PlannedFile>{File("widgets-20261126.1-py3-none-any.whl"),
                                        File("widgets-20261126.1-cp311-cp311-win_amd64.whl")};
  std::map<std::string, std::vector<pypi::PypiFile>> existing = {
      {"widgets",
       {OnIndex("widgets-20261126.1-py3-none-any.whl", kSha, "2026-11-16T11:00:00")}}};
  EXPECT_THAT(PlanTarget("pypi", files, existing, Now()),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("more than 14 days ago")));
  // Complete already: nothing to add, so age does not matter.
  EXPECT_THAT(PlanTarget("pypi", {files[0]}, existing, Now()), IsOk());
  existing["widgets"][0].upload_time = "2026-11-18T11:00:00";
  EXPECT_THAT(PlanTarget("pypi", files, existing, Now()), IsOk());
}

TEST(CheckProjectLimits, RefusesAReleaseThatTakesAProjectOverItsLimit) {
  TargetPlan plan;
  plan.upload = {File("widgets-20261126.1-py3-none-any.whl"),  // 1000 bytes each
                 File("widgets-20261126.1-cp311-cp311-win_amd64.whl")};
  plan.present = {File("widgets-20261126.1-cp312-cp312-win_amd64.whl")};  // counted in held
  EXPECT_THAT(CheckProjectLimits("pypi", plan, {{"widgets", 8000}}, 10000), IsOk());
  EXPECT_THAT(CheckProjectLimits("pypi", plan, {}, 2000), IsOk());  // a first release
  EXPECT_THAT(CheckProjectLimits("pypi", plan, {{"widgets", 8001}}, 10000),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       AllOf(HasSubstr("widgets holds 8001 bytes on pypi"),
                             HasSubstr("adds 2000"), HasSubstr("limit of 10000 bytes"),
                             HasSubstr("targets[].max_project_bytes"))));
  // Nothing to upload: the limit cannot be crossed.
  EXPECT_THAT(CheckProjectLimits("pypi", TargetPlan{}, {{"widgets", 20000}}, 10000), IsOk());
}

}  // namespace
}  // namespace stablecut::publisher
