#include "lib/release/ci_state.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace stablecut::release {
namespace {

using github::CheckRun;
using github::CombinedStatus;
using github::CommitStatus;

CombinedStatus Status(std::string state, std::vector<CommitStatus> statuses) {
  CombinedStatus status;
  status.state = std::move(state);
  status.total_count = static_cast<int64_t>(statuses.size());
  status.statuses = std::move(statuses);
  return status;
}

CheckRun CheckRunOf(std::string name, std::string status, std::string conclusion) {
  CheckRun run;
  run.name = std::move(name);
  run.status = std::move(status);
  run.conclusion = std::move(conclusion);
  return run;
}

TEST(EvaluateCi, Table) {
  struct Case {
    char const* name;
    CombinedStatus status;
    std::vector<CheckRun> runs;
    std::vector<std::string> required;
    CiState expected;
    char const* reason;
  } const cases[] = {
      {"all green", Status("success", {{"lint", "success", "", ""}}),
       {CheckRunOf("test", "completed", "success")}, {}, CiState::kGreen, "green"},
      {"neutral and skipped are green", Status("success", {{"lint", "success", "", ""}}),
       {CheckRunOf("test", "completed", "neutral"), CheckRunOf("docs", "completed", "skipped")}, {},
       CiState::kGreen, "green"},
      {"no statuses at all, green runs", Status("pending", {}),
       {CheckRunOf("test", "completed", "success")}, {}, CiState::kGreen, "green"},
      {"failed run", Status("success", {{"lint", "success", "", ""}}),
       {CheckRunOf("test", "completed", "failure")}, {}, CiState::kRed, "\"test\" concluded failure"},
      {"cancelled run", Status("pending", {}), {CheckRunOf("test", "completed", "cancelled")}, {},
       CiState::kRed, "cancelled"},
      {"failed status", Status("failure", {{"lint", "failure", "", ""}}),
       {CheckRunOf("test", "completed", "success")}, {}, CiState::kRed, "status \"lint\" is failure"},
      {"running check", Status("success", {{"lint", "success", "", ""}}),
       {CheckRunOf("test", "in_progress", "")}, {}, CiState::kPending, "\"test\" is in_progress"},
      {"pending status", Status("pending", {{"lint", "pending", "", ""}}),
       {CheckRunOf("test", "completed", "success")}, {}, CiState::kPending, "\"lint\" is pending"},
      {"red beats pending", Status("pending", {{"lint", "pending", "", ""}}),
       {CheckRunOf("test", "completed", "failure")}, {}, CiState::kRed, "red: "},
      {"required check missing", Status("success", {{"lint", "success", "", ""}}),
       {CheckRunOf("test", "completed", "success")}, {"build"}, CiState::kPending,
       "required check \"build\" has not run"},
      {"required check as a status", Status("success", {{"build", "success", "", ""}}),
       {CheckRunOf("test", "completed", "success")}, {"build"}, CiState::kGreen, "green"},
      {"nothing reported", Status("pending", {}), {}, {}, CiState::kPending, "no CI"},
  };
  for (auto const& c : cases) {
    SCOPED_TRACE(c.name);
    CiVerdict verdict = EvaluateCi(c.status, c.runs, c.required);
    EXPECT_EQ(verdict.state, c.expected);
    EXPECT_THAT(verdict.reason, ::testing::HasSubstr(c.reason));
  }
}

}  // namespace
}  // namespace stablecut::release
