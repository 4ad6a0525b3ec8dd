// Commits, CI, compare, contents, issues and workflow dispatch against the demo seed.
#include <map>
#include <set>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "tests/tools/sandbox/sandbox_fixture.h"

namespace stablecut::testing {
namespace {

using ::testing::HasSubstr;

class SandboxRepository : public SandboxTest {
 protected:
  // widgets' main, newest first.
  std::vector<std::string> MainHistory() {
    std::vector<std::string> shas;
    for (auto const& commit :
         sandbox().Get(SandboxProcess::Demo("/commits?sha=main&per_page=100"), read()).Json()) {
      shas.push_back(commit["sha"]);
    }
    return shas;
  }

  // main's first-parent line below its head (the merge of pull request #7): c11, c10, ... c0.
  std::vector<std::string> BelowTheMerge() {
    nlohmann::json listed =
        sandbox().Get(SandboxProcess::Demo("/commits?sha=main&per_page=100"), read()).Json();
    std::map<std::string, std::string> first_parent;
    for (auto const& commit : listed) {
      first_parent[commit["sha"]] =
          commit["parents"].empty() ? "" : commit["parents"][0]["sha"].get<std::string>();
    }
    std::vector<std::string> line;
    for (std::string sha = first_parent[listed[0]["sha"]]; !sha.empty(); sha = first_parent[sha]) {
      line.push_back(sha);
    }
    return line;
  }
};

TEST_F(SandboxRepository, CommitsListNewestFirstWithPages) {
  std::vector<std::string> history = MainHistory();
  // Twelve commits on main's first-parent line, then a pull request's commit and its merge.
  ASSERT_EQ(history.size(), 14u);
  HttpReply page = sandbox().Get(SandboxProcess::Demo("/commits?sha=main&per_page=5"), read());
  ASSERT_EQ(page.Json().size(), 5u);
  EXPECT_EQ(page.Json()[0]["sha"], history[0]);
  // git log order: the merge (main's head), the pull request's commit (newer by date than
  // the merge's first parent), then the first parent.
  ASSERT_EQ(page.Json()[0]["parents"].size(), 2u);
  EXPECT_EQ(page.Json()[0]["parents"][0]["sha"], history[2]);
  EXPECT_EQ(page.Json()[0]["parents"][1]["sha"], history[1]);
  EXPECT_EQ(page.Json()[1]["parents"][0]["sha"], history[3]);
  EXPECT_THAT(page.Header("Link"), HasSubstr("rel=\"next\""));
  HttpReply one = sandbox().Get(SandboxProcess::Demo("/commits/" + history[3]), read());
  EXPECT_EQ(one.status, 200);
  EXPECT_FALSE(one.Json()["commit"]["committer"]["date"].get<std::string>().empty());
}

TEST_F(SandboxRepository, UnknownCommitIs422) {
  HttpReply reply = sandbox().Get(SandboxProcess::Demo("/commits/deadbeefdeadbeef"), read());
  EXPECT_EQ(reply.status, 422);
  EXPECT_EQ(reply.Json()["message"], "No commit found for SHA: deadbeefdeadbeef");
  EXPECT_EQ(sandbox().Get("/github/repos/nobody/nothing/commits/main", read()).status, 404);
}

TEST_F(SandboxRepository, CiIsRedThenPendingThenGreen) {
  std::vector<std::string> history = BelowTheMerge();
  ASSERT_EQ(history.size(), 12u);
  auto combined = [&](std::string const& sha) {
    return sandbox().Get(SandboxProcess::Demo("/commits/" + sha + "/status"), read()).Json();
  };
  auto runs = [&](std::string const& sha) {
    return sandbox().Get(SandboxProcess::Demo("/commits/" + sha + "/check-runs"), read()).Json();
  };
  EXPECT_EQ(combined(history[0])["state"], "failure");
  nlohmann::json red = runs(history[0]);
  bool failed = false;
  for (auto const& run : red["check_runs"]) failed |= run["conclusion"] == "failure";
  EXPECT_TRUE(failed);
  EXPECT_EQ(combined(history[1])["state"], "pending");
  nlohmann::json pending = runs(history[1]);
  bool in_progress = false;
  for (auto const& run : pending["check_runs"]) {
    in_progress |= run["status"] == "in_progress" && run["conclusion"].is_null();
  }
  EXPECT_TRUE(in_progress);
  EXPECT_EQ(combined(history[2])["state"], "success");
  nlohmann::json green = runs(history[2]);
  EXPECT_EQ(green["total_count"], green["check_runs"].size());
  for (auto const& run : green["check_runs"]) EXPECT_EQ(run["status"], "completed");
  // The Actions-only commit: no statuses at all gives pending with total_count 0.
  EXPECT_EQ(combined(history[4])["state"], "pending");
  EXPECT_EQ(combined(history[4])["total_count"], 0);
  EXPECT_EQ(sandbox().Get(SandboxProcess::Demo("/commits/0000000/check-runs"), read()).status, 422);
}

TEST_F(SandboxRepository, CompareReportsAncestry) {
  std::string head = MainHistory()[0];
  std::vector<std::string> history = BelowTheMerge();
  ASSERT_EQ(history.size(), 12u);
  auto compare = [&](std::string const& basehead) {
    return sandbox().Get(SandboxProcess::Demo("/compare/" + basehead), read()).Json();
  };
  EXPECT_EQ(compare("main..." + head)["status"], "identical");
  // c8 lies 5 behind main: c9, c10, c11, the pull request's commit and its merge.
  nlohmann::json behind = compare("main..." + history[3]);
  EXPECT_EQ(behind["status"], "behind");
  EXPECT_EQ(behind["behind_by"], 5);
  EXPECT_EQ(behind["ahead_by"], 0);
  EXPECT_EQ(behind["merge_base_commit"]["sha"], history[3]);
  nlohmann::json ahead = compare(history[3] + "...main");
  EXPECT_EQ(ahead["status"], "ahead");
  EXPECT_EQ(ahead["ahead_by"], 5);
  EXPECT_EQ(ahead["total_commits"], 5);
  // The demo's bad LLVM pin is an LLVM commit off llvm's main.
  std::string pin =
      sandbox()
          .Get(SandboxProcess::Demo("/contents/third_party/llvm-project?ref=" + history[7]), read())
          .Json()["sha"];
  HttpReply off_main =
      sandbox().Get("/github/repos/llvm/llvm-project/compare/main..." + pin, read());
  ASSERT_EQ(off_main.status, 200) << off_main.body;
  EXPECT_EQ(off_main.Json()["status"], "diverged");
  // Yet the commit itself can be fetched from the upstream repository.
  EXPECT_EQ(sandbox().Get("/github/repos/llvm/llvm-project/commits/" + pin, read()).status, 200);
}

TEST_F(SandboxRepository, ContentsShowsTheSubmodulePin) {
  HttpReply pin =
      sandbox().Get(SandboxProcess::Demo("/contents/third_party/llvm-project?ref=main"), read());
  ASSERT_EQ(pin.status, 200) << pin.body;
  EXPECT_EQ(pin.Json()["type"], "submodule");
  EXPECT_EQ(pin.Json()["submodule_git_url"], "https://github.com/llvm/llvm-project.git");
  std::string sha = pin.Json()["sha"];
  EXPECT_EQ(sandbox()
                .Get("/github/repos/llvm/llvm-project/compare/main..." + sha, read())
                .Json()["status"],
            "behind");
  HttpReply file = sandbox().Get(SandboxProcess::Demo("/contents/.gitmodules"), read());
  EXPECT_EQ(file.Json()["type"], "file");
  EXPECT_EQ(file.Json()["encoding"], "base64");
  EXPECT_EQ(sandbox().Get(SandboxProcess::Demo("/contents/nothing"), read()).status, 404);
}

TEST_F(SandboxRepository, IssuesFilterByAllLabelsStateAndSince) {
  nlohmann::json p0 =
      sandbox().Get(SandboxProcess::Demo("/issues?labels=P0,regression&state=all"), read()).Json();
  std::set<int64_t> numbers;
  bool saw_pull_request = false;
  for (auto const& issue : p0) {
    numbers.insert(issue["number"].get<int64_t>());
    saw_pull_request |= issue.contains("pull_request");
  }
  EXPECT_EQ(numbers, (std::set<int64_t>{1, 2, 3, 4}));
  EXPECT_TRUE(saw_pull_request);
  EXPECT_EQ(
      sandbox().Get(SandboxProcess::Demo("/issues?labels=P0,regression"), read()).Json().size(),
      0u);  // state defaults to open
  nlohmann::json holds =
      sandbox().Get(SandboxProcess::Demo("/issues?labels=release-hold"), read()).Json();
  ASSERT_EQ(holds.size(), 1u);
  EXPECT_THAT(holds[0]["title"].get<std::string>(), HasSubstr("candidate-"));
  nlohmann::json recent = sandbox()
                              .Get(SandboxProcess::Demo("/issues?state=all&since=" +
                                                        p0[0]["updated_at"].get<std::string>()),
                                   read())
                              .Json();
  for (auto const& issue : recent) EXPECT_GE(issue["updated_at"], p0[0]["updated_at"]);
}

TEST_F(SandboxRepository, ClosedEventsCarryTheClosingCommitOrNull) {
  nlohmann::json fixed = sandbox().Get(SandboxProcess::Demo("/issues/2/events"), read()).Json();
  ASSERT_FALSE(fixed.empty());
  EXPECT_EQ(fixed.back()["event"], "closed");
  EXPECT_TRUE(fixed.back()["commit_id"].is_string());
  nlohmann::json by_hand = sandbox().Get(SandboxProcess::Demo("/issues/4/events"), read()).Json();
  ASSERT_FALSE(by_hand.empty());
  EXPECT_EQ(by_hand.back()["event"], "closed");
  EXPECT_TRUE(by_hand.back()["commit_id"].is_null());
}

TEST_F(SandboxRepository, WorkflowDispatchAnswersByRequestAndIsRecorded) {
  std::string path = SandboxProcess::Demo("/actions/workflows/build.yml/dispatches");
  EXPECT_EQ(sandbox()
                .Send("POST", path, write(),
                      R"({"ref":"main","inputs":{"package_version":"1.0","release_id":"7"}})")
                .status,
            204);
  HttpReply details =
      sandbox().Send("POST", path, write(), R"({"ref":"main","return_run_details":true})");
  ASSERT_EQ(details.status, 200);
  EXPECT_TRUE(details.Json()["workflow_run_id"].is_number_integer());
  EXPECT_THAT(details.Json()["run_url"].get<std::string>(), HasSubstr("/actions/runs/"));
  EXPECT_EQ(
      sandbox().Send("POST", path, write(), R"({"ref":"main","inputs":{"other":"x"}})").status,
      422);
  EXPECT_EQ(sandbox().Send("POST", path, write(), R"({"inputs":{}})").status, 422);
  EXPECT_EQ(sandbox()
                .Send("POST", SandboxProcess::Demo("/actions/workflows/nope.yml/dispatches"),
                      write(), R"({"ref":"main"})")
                .status,
            404);
  EXPECT_EQ(sandbox().Send("POST", path, read(), R"({"ref":"main"})").status, 403);
  nlohmann::json dispatches = sandbox().Get("/_control/state", "").Json()["dispatches"];
  ASSERT_EQ(dispatches.size(), 2u);
  EXPECT_EQ(dispatches[0]["inputs"]["package_version"], "1.0");
  EXPECT_EQ(dispatches[0]["ref"], "main");
}

}  // namespace
}  // namespace stablecut::testing
