// Tests of the GitHub response parsers: recorded real responses, then hand-written shapes
// the recordings lack, then malformed bodies.
#include "lib/github/parse.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <functional>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/time/time.h"
#include "lib/github/link_header.h"
#include "tests/testing/status_matchers.h"

namespace stablecut::github {
namespace {

using ::stablecut::testing::IsOk;
using ::stablecut::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;
using Json = nlohmann::json;

std::string const kOctokitDir = STABLECUT_FIXTURES_DIR "/github/octokit";
std::string const kSha1 = "0000000000000000000000000000000000000001";
std::string const kSha2 = "0000000000000000000000000000000000000002";
std::string const kHexDigest = "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824";

absl::Time Rfc3339(char const* text) {
  absl::Time time;
  std::string error;
  EXPECT_TRUE(absl::ParseTime(absl::RFC3339_full, text, &time, &error)) << error;
  return time;
}

// One recorded request and its response (tests/fixtures/README.md).
struct Interaction {
  std::string method;
  std::string path;
  int status = 0;
  Json headers;
  Json response;
  std::string body;  // the response body as the server sent it
};

// Reads every interaction of a recorded fixture file.
std::vector<Interaction> LoadFixture(std::string const& file) {
  std::ifstream in(absl::StrCat(kOctokitDir, "/", file));
  std::stringstream text;
  text << in.rdbuf();
  Json json = Json::parse(text.str(), nullptr, false);
  EXPECT_TRUE(json.is_array()) << file << " is not a JSON array of interactions";
  std::vector<Interaction> interactions;
  if (!json.is_array()) return interactions;
  for (auto const& recorded : json) {
    Interaction i;
    i.method = recorded.value("method", "");
    i.path = recorded.value("path", "");
    i.status = recorded.value("status", 0);
    i.headers = recorded.value("headers", Json::object());
    i.response = recorded.value("response", Json());
    // A raw (non-JSON) body is recorded as a JSON string holding the bytes.
    i.body = i.response.is_string() ? i.response.get<std::string>() : i.response.dump();
    interactions.push_back(std::move(i));
  }
  return interactions;
}

// The `occurrence`-th interaction of `file` with this method and path; fails the test
// and returns an empty one when there is none.
Interaction Find(std::string const& file, std::string const& method, std::string const& path,
                 int occurrence = 0) {
  for (auto& i : LoadFixture(file)) {
    if (i.method == method && i.path == path && occurrence-- == 0) return i;
  }
  ADD_FAILURE() << "no interaction " << method << " " << path << " in " << file;
  return {};
}

// ---------------------------------------------------------------------------------------
// Every recorded response parses with the parser of its endpoint.

using Parser = std::function<absl::Status(absl::string_view)>;

template <typename Parse>
Parser StatusOf(Parse parse) {
  return [parse](absl::string_view body) { return parse(body).status(); };
}

// The parser for a successful response of this endpoint, or null when none is known.
Parser ParserFor(std::string const& method, std::string const& path_and_query) {
  std::string path = path_and_query.substr(0, path_and_query.find('?'));
  struct Route {
    char const* method;
    char const* pattern;
    Parser parser;
  } const routes[] = {
      {"get", R"(/repos/[^/]+/[^/]+)", StatusOf(ParseRepository)},
      {"get", R"(.*/releases/tags/[^/]+)", StatusOf(ParseRelease)},
      {"post", R"(.*/releases/\d+/assets)", StatusOf(ParseReleaseAsset)},
      {"get", R"(.*/releases/\d+/assets)", StatusOf(ParseReleaseAssets)},
      {"get", R"(.*/releases/assets/\d+)", StatusOf(ParseReleaseAsset)},
      {"patch", R"(.*/releases/assets/\d+)", StatusOf(ParseReleaseAsset)},
      {"get", R"(.*/git/refs/)", StatusOf(ParseGitRefs)},
      {"get", R"(.*/git/matching-refs/.*)", StatusOf(ParseGitRefs)},
      {"post", R"(.*/git/refs)", StatusOf(ParseGitRef)},
      {"patch", R"(.*/git/refs/.+)", StatusOf(ParseGitRef)},
      {"get", R"(.*/contents/)", StatusOf(ParseContentListing)},
      {"get", R"(.*/contents/.+)", StatusOf(ParseContent)},
      {"post", R"(.*/statuses/[0-9a-f]{40})", StatusOf(ParseCommitStatus)},
      {"get", R"(.*/commits/[^/]+/statuses)", StatusOf(ParseCommitStatuses)},
      {"get", R"(.*/commits/[^/]+/status)", StatusOf(ParseCombinedStatus)},
      {"get", R"(/(repos/[^/]+/[^/]+|repositories/\d+)/issues)", StatusOf(ParseIssues)},
  };
  for (auto const& route : routes) {
    if (method == route.method && std::regex_match(path, std::regex(route.pattern))) {
      return route.parser;
    }
  }
  return nullptr;
}

TEST(GitHubFixtures, EveryRecordedResponseParsesWithItsEndpointsParser) {
  int parsed = 0;
  for (auto const& entry : std::filesystem::directory_iterator(kOctokitDir)) {
    if (entry.path().extension() != ".json") continue;
    std::string file = entry.path().filename().string();
    for (auto const& i : LoadFixture(file)) {
      SCOPED_TRACE(absl::StrCat(file, ": ", i.method, " ", i.path, " -> ", i.status));
      if (i.status == 204) {
        EXPECT_EQ(i.body, "");
        continue;
      }
      if (i.status >= 400) {
        ApiError error = ParseApiError(i.body);
        EXPECT_EQ(error.message, "Validation Failed");
        EXPECT_THAT(error.errors, SizeIs(1));
        ++parsed;
        continue;
      }
      std::string content_type = i.headers.value("content-type", "");
      if (content_type.find(".raw") != std::string::npos) {
        // Raw media type: the body is the file's bytes, for the caller and no parser.
        EXPECT_THAT(ParseContent(i.body),
                    StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("not valid JSON")));
        continue;
      }
      Parser parser = ParserFor(i.method, i.path);
      ASSERT_TRUE(parser) << "no parser routed for this endpoint";
      EXPECT_THAT(parser(i.body), IsOk());
      ++parsed;
    }
  }
  EXPECT_EQ(parsed, 25);  // every JSON response of the eight recorded files
}

TEST(GitHubFixtures, ReleaseByTag) {
  auto i = Find("release-assets.json", "get",
                "/repos/octokit-fixture-org/release-assets/releases/tags/v1.0.0");
  auto release = ParseRelease(i.body);
  ASSERT_THAT(release, IsOk());
  EXPECT_EQ(release->id, 1000);
  EXPECT_EQ(release->tag_name, "v1.0.0");
  EXPECT_EQ(release->target_commitish, kSha1);
  EXPECT_EQ(release->name, "Version 1.0.0");
  EXPECT_EQ(release->body, "Initial release");
  EXPECT_FALSE(release->draft);
  EXPECT_FALSE(release->prerelease);
  EXPECT_FALSE(release->immutable);  // recorded before GitHub added the field
  EXPECT_EQ(release->created_at, Rfc3339("2017-10-10T16:00:00Z"));
  EXPECT_EQ(release->published_at, Rfc3339("2017-10-10T16:00:00Z"));
  EXPECT_EQ(release->html_url,
            "https://github.com/octokit-fixture-org/release-assets/releases/tag/v1.0.0");
  EXPECT_EQ(release->upload_url,
            "https://uploads.github.com/repos/octokit-fixture-org/release-assets/releases/1000/"
            "assets{?name,label}");
  EXPECT_THAT(release->assets, IsEmpty());
}

TEST(GitHubFixtures, UploadedAsset) {
  auto i = Find("release-assets.json", "post",
                "/repos/octokit-fixture-org/release-assets/releases/1000/assets"
                "?name=test-upload.txt&label=test");
  EXPECT_EQ(i.status, 201);
  auto asset = ParseReleaseAsset(i.body);
  ASSERT_THAT(asset, IsOk());
  EXPECT_EQ(asset->id, 1000);
  EXPECT_EQ(asset->name, "test-upload.txt");
  EXPECT_EQ(asset->label, "test");
  EXPECT_EQ(asset->state, "uploaded");
  EXPECT_EQ(asset->content_type, "text/plain");
  EXPECT_EQ(asset->size, 14);
  EXPECT_EQ(asset->digest_sha256, "");  // recorded before GitHub computed digests
  EXPECT_EQ(asset->url,
            "https://api.github.com/repos/octokit-fixture-org/release-assets/releases/assets/1000");
  EXPECT_EQ(asset->browser_download_url,
            "https://github.com/octokit-fixture-org/release-assets/releases/download/v1.0.0/"
            "test-upload.txt");
  EXPECT_EQ(asset->created_at, Rfc3339("2017-10-10T16:00:00Z"));
  EXPECT_EQ(asset->updated_at, Rfc3339("2017-10-10T16:00:00Z"));
}

TEST(GitHubFixtures, AssetListAndUpdatedAsset) {
  auto list =
      ParseReleaseAssets(Find("release-assets.json", "get",
                              "/repos/octokit-fixture-org/release-assets/releases/1000/assets")
                             .body);
  ASSERT_THAT(list, IsOk());
  ASSERT_THAT(*list, SizeIs(1));
  EXPECT_EQ((*list)[0].id, 1000);
  EXPECT_EQ((*list)[0].name, "test-upload.txt");

  auto updated =
      ParseReleaseAsset(Find("release-assets.json", "patch",
                             "/repos/octokit-fixture-org/release-assets/releases/assets/1000")
                            .body);
  ASSERT_THAT(updated, IsOk());
  EXPECT_EQ(updated->name, "new-filename.txt");
  EXPECT_EQ(updated->label, "new label");
}

TEST(GitHubFixtures, DuplicateAssetNameIsAlreadyExists) {
  std::string const path =
      "/repos/octokit-fixture-org/release-assets-conflict/releases/1000/assets"
      "?name=test-upload.txt&label=test";
  auto conflict = Find("release-assets-conflict.json", "post", path);
  EXPECT_EQ(conflict.status, 422);
  ApiError error = ParseApiError(conflict.body);
  EXPECT_EQ(error.message, "Validation Failed");
  EXPECT_EQ(error.documentation_url, "https://docs.github.com/rest");
  ASSERT_THAT(error.errors, SizeIs(1));
  EXPECT_EQ(error.errors[0].resource, "ReleaseAsset");
  EXPECT_EQ(error.errors[0].code, "already_exists");
  EXPECT_EQ(error.errors[0].field, "name");

  auto retry = Find("release-assets-conflict.json", "post", path, 1);
  EXPECT_EQ(retry.status, 201);
  auto asset = ParseReleaseAsset(retry.body);
  ASSERT_THAT(asset, IsOk());
  EXPECT_EQ(asset->id, 1001);
}

TEST(GitHubFixtures, ValidationErrorBody) {
  auto i = Find("errors.json", "post", "/repos/octokit-fixture-org/errors/labels");
  EXPECT_EQ(i.status, 422);
  ApiError error = ParseApiError(i.body);
  EXPECT_EQ(error.message, "Validation Failed");
  EXPECT_THAT(error.documentation_url, HasSubstr("docs.github.com"));
  ASSERT_THAT(error.errors, SizeIs(1));
  EXPECT_EQ(error.errors[0].resource, "Label");
  EXPECT_EQ(error.errors[0].field, "color");
  EXPECT_EQ(error.errors[0].code, "invalid");
}

TEST(GitHubFixtures, GitRefs) {
  std::string const file = "git-refs.json";
  auto before =
      ParseGitRefs(Find(file, "get", "/repos/octokit-fixture-org/git-refs/git/refs/").body);
  ASSERT_THAT(before, IsOk());
  ASSERT_THAT(*before, SizeIs(1));
  EXPECT_EQ((*before)[0].ref, "refs/heads/main");
  EXPECT_EQ((*before)[0].object_type, "commit");
  EXPECT_EQ((*before)[0].object_sha, kSha1);

  auto created =
      ParseGitRef(Find(file, "post", "/repos/octokit-fixture-org/git-refs/git/refs").body);
  ASSERT_THAT(created, IsOk());
  EXPECT_EQ(created->ref, "refs/heads/test");
  EXPECT_EQ(created->object_sha, kSha2);

  auto updated = ParseGitRef(
      Find(file, "patch", "/repos/octokit-fixture-org/git-refs/git/refs/heads/test").body);
  ASSERT_THAT(updated, IsOk());
  EXPECT_EQ(updated->object_sha, kSha1);

  auto after =
      ParseGitRefs(Find(file, "get", "/repos/octokit-fixture-org/git-refs/git/refs/", 1).body);
  ASSERT_THAT(after, IsOk());
  ASSERT_THAT(*after, SizeIs(2));
  EXPECT_EQ((*after)[1].ref, "refs/heads/test");
}

TEST(GitHubFixtures, DirectoryListing) {
  auto listing = ParseContentListing(
      Find("get-content.json", "get", "/repos/octokit-fixture-org/hello-world/contents/").body);
  ASSERT_THAT(listing, IsOk());
  ASSERT_THAT(*listing, SizeIs(1));
  auto const& readme = (*listing)[0];
  EXPECT_EQ(readme.type, "file");
  EXPECT_EQ(readme.name, "README.md");
  EXPECT_EQ(readme.path, "README.md");
  EXPECT_EQ(readme.sha, "93a078d1c3f76aa1ca11def8f882a06df1d4a01b");
  EXPECT_EQ(readme.size, 13);
  EXPECT_EQ(readme.submodule_git_url, "");
}

TEST(GitHubFixtures, StatusesAndCombinedStatus) {
  std::string const file = "create-status.json";
  std::string const repo = "/repos/octokit-fixture-org/create-status";
  auto created =
      ParseCommitStatus(Find(file, "post", absl::StrCat(repo, "/statuses/", kSha1)).body);
  ASSERT_THAT(created, IsOk());
  EXPECT_EQ(created->context, "example/1");
  EXPECT_EQ(created->state, "failure");
  EXPECT_EQ(created->description, "create-status failure test");
  EXPECT_EQ(created->target_url, "https://example.com");

  auto listed = ParseCommitStatuses(
      Find(file, "get", absl::StrCat(repo, "/commits/", kSha1, "/statuses")).body);
  ASSERT_THAT(listed, IsOk());
  ASSERT_THAT(*listed, SizeIs(2));
  EXPECT_EQ((*listed)[0].context, "example/2");
  EXPECT_EQ((*listed)[0].state, "success");

  auto combined = ParseCombinedStatus(
      Find(file, "get", absl::StrCat(repo, "/commits/", kSha1, "/status")).body);
  ASSERT_THAT(combined, IsOk());
  EXPECT_EQ(combined->state, "failure");
  EXPECT_EQ(combined->total_count, 2);
  EXPECT_EQ(combined->sha, kSha1);
  ASSERT_THAT(combined->statuses, SizeIs(2));
  EXPECT_EQ(combined->statuses[0].context, "example/1");
  EXPECT_EQ(combined->statuses[0].state, "failure");
  EXPECT_EQ(combined->statuses[1].context, "example/2");
  EXPECT_EQ(combined->statuses[1].state, "success");
}

TEST(GitHubFixtures, Repository) {
  auto repository = ParseRepository(
      Find("get-repository.json", "get", "/repos/octokit-fixture-org/hello-world").body);
  ASSERT_THAT(repository, IsOk());
  EXPECT_EQ(repository->full_name, "octokit-fixture-org/hello-world");
  EXPECT_EQ(repository->default_branch, "master");
  EXPECT_FALSE(repository->private_repo);
}

TEST(GitHubFixtures, FirstIssuesPageAndItsLinks) {
  auto i = Find("paginate-issues.json", "get",
                "/repos/octokit-fixture-org/paginate-issues/issues?per_page=3");
  auto issues = ParseIssues(i.body);
  ASSERT_THAT(issues, IsOk());
  ASSERT_THAT(*issues, SizeIs(3));
  auto const& first = (*issues)[0];
  EXPECT_EQ(first.number, 13);
  EXPECT_EQ(first.title, "Test issue 13");
  EXPECT_EQ(first.state, "open");
  EXPECT_EQ(first.state_reason, "");
  EXPECT_THAT(first.labels, IsEmpty());
  EXPECT_EQ(first.created_at, Rfc3339("2017-10-10T16:00:00Z"));
  EXPECT_EQ(first.closed_at, absl::nullopt);
  EXPECT_EQ(first.body, "");
  EXPECT_FALSE(first.is_pull_request);

  auto links = ParseLinkHeader(i.headers.value("link", ""));
  EXPECT_EQ(links["next"], "https://api.github.com/repositories/1000/issues?per_page=3&page=2");
  EXPECT_EQ(links["last"], "https://api.github.com/repositories/1000/issues?per_page=3&page=5");
  EXPECT_EQ(links.count("prev"), 0u);
}

TEST(GitHubFixtures, FollowingNextLinksVisitsEveryIssueOnce) {
  std::string const file = "paginate-issues.json";
  std::string path = "/repos/octokit-fixture-org/paginate-issues/issues?per_page=3";
  std::vector<int64_t> numbers;
  for (int page = 1; !path.empty(); ++page) {
    SCOPED_TRACE(path);
    ASSERT_LE(page, 5);
    auto i = Find(file, "get", path);
    auto issues = ParseIssues(i.body);
    ASSERT_THAT(issues, IsOk());
    for (auto const& issue : *issues) numbers.push_back(issue.number);
    std::string next = NextPageUrl(i.headers.value("link", ""));
    absl::string_view next_path = next;
    EXPECT_TRUE(next.empty() || absl::ConsumePrefix(&next_path, "https://api.github.com"));
    path = std::string(next_path);
  }
  EXPECT_THAT(numbers, ElementsAre(13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1));
}

// ---------------------------------------------------------------------------------------
// Shapes the recordings lack, written after docs/reference/github.md.

// A release asset whose digest is in upper case (to show it comes out lowercased).
Json AssetJson() {
  Json asset = Json::parse(R"({
    "url": "https://api.github.com/repos/acme/widgets/releases/assets/7",
    "id": 7, "node_id": "RA_x", "name": "widgets-1.0-py3-none-any.whl", "label": null,
    "uploader": null, "content_type": "application/octet-stream", "state": "uploaded",
    "size": 12345, "digest": null,
    "download_count": 0, "created_at": "2025-03-01T10:00:00Z",
    "updated_at": "2025-03-01T10:00:01.5+00:00",
    "browser_download_url": "https://github.com/acme/widgets/releases/download/c1/w.whl"
  })");
  asset["digest"] = "sha256:" + absl::AsciiStrToUpper(kHexDigest);
  return asset;
}

Json ReleaseJson() {
  Json release = Json::parse(R"({
    "id": 42, "node_id": "RE_x", "tag_name": "candidate-20250301.1",
    "target_commitish": "0123456789abcdef0123456789abcdef01234567",
    "name": null, "body": null, "draft": true, "prerelease": true, "immutable": true,
    "created_at": "2025-03-01T09:59:00Z", "published_at": null,
    "updated_at": "2025-03-01T10:00:00Z", "author": {"login": "bot"},
    "html_url": "https://github.com/acme/widgets/releases/tag/untagged-abc",
    "upload_url": "https://uploads.github.com/repos/acme/widgets/releases/42/assets{?name,label}",
    "tarball_url": null, "zipball_url": null, "assets": []
  })");
  release["assets"].push_back(AssetJson());
  return release;
}

TEST(GitHubParseRelease, ReadsDraftImmutableReleaseWithDigest) {
  auto release = ParseRelease(ReleaseJson().dump());
  ASSERT_THAT(release, IsOk());
  EXPECT_EQ(release->id, 42);
  EXPECT_EQ(release->tag_name, "candidate-20250301.1");
  EXPECT_EQ(release->name, "");
  EXPECT_EQ(release->body, "");
  EXPECT_TRUE(release->draft);
  EXPECT_TRUE(release->prerelease);
  EXPECT_TRUE(release->immutable);
  EXPECT_EQ(release->published_at, absl::nullopt);
  ASSERT_THAT(release->assets, SizeIs(1));
  auto const& asset = release->assets[0];
  EXPECT_EQ(asset.id, 7);
  EXPECT_EQ(asset.label, "");
  EXPECT_EQ(asset.size, 12345);
  EXPECT_EQ(asset.digest_sha256, kHexDigest);  // prefix dropped, lowercased
  EXPECT_EQ(asset.updated_at, Rfc3339("2025-03-01T10:00:01.5Z"));
}

TEST(GitHubParseRelease, ReadsAListNewestFirst) {
  Json published = ReleaseJson();
  published["id"] = 41;
  published["draft"] = false;
  published["name"] = "Candidate 1";
  published["published_at"] = "2025-03-01T12:00:00+02:00";
  auto releases = ParseReleases(Json::array({ReleaseJson(), published}).dump());
  ASSERT_THAT(releases, IsOk());
  ASSERT_THAT(*releases, SizeIs(2));
  EXPECT_EQ((*releases)[1].id, 41);
  EXPECT_EQ((*releases)[1].name, "Candidate 1");
  EXPECT_EQ((*releases)[1].published_at, Rfc3339("2025-03-01T10:00:00Z"));
  EXPECT_THAT(ParseReleases("[]"), IsOk());
}

TEST(GitHubParseReleaseAsset, ReadsDigestVariants) {
  struct Case {
    char const* name;
    Json digest;
    char const* want;
  } const cases[] = {
      {"sha256", "sha256:" + kHexDigest, kHexDigest.c_str()},
      {"null (uploaded before digests)", nullptr, ""},
      {"another algorithm", "sha512:abcdef", ""},
  };
  for (auto const& c : cases) {
    SCOPED_TRACE(c.name);
    Json asset = AssetJson();
    asset["digest"] = c.digest;
    auto parsed = ParseReleaseAsset(asset.dump());
    ASSERT_THAT(parsed, IsOk());
    EXPECT_EQ(parsed->digest_sha256, c.want);
  }
  Json absent = AssetJson();
  absent.erase("digest");
  auto parsed = ParseReleaseAsset(absent.dump());
  ASSERT_THAT(parsed, IsOk());
  EXPECT_EQ(parsed->digest_sha256, "");
}

TEST(GitHubParseContent, ReadsSubmodule) {
  auto content = ParseContent(R"({
    "type": "submodule", "name": "llvm-project", "path": "third_party/llvm-project",
    "sha": "0123456789abcdef0123456789abcdef01234567",
    "submodule_git_url": "https://github.com/llvm/llvm-project.git", "size": 0,
    "url": "https://api.github.com/repos/acme/widgets/contents/third_party/llvm-project",
    "git_url": null, "html_url": null, "download_url": null,
    "_links": {"git": null, "html": null, "self": "x"}
  })");
  ASSERT_THAT(content, IsOk());
  EXPECT_EQ(content->type, "submodule");
  EXPECT_EQ(content->name, "llvm-project");
  EXPECT_EQ(content->path, "third_party/llvm-project");
  EXPECT_EQ(content->sha, "0123456789abcdef0123456789abcdef01234567");
  EXPECT_EQ(content->size, 0);
  EXPECT_EQ(content->submodule_git_url, "https://github.com/llvm/llvm-project.git");
}

TEST(GitHubParseComparison, ReadsEveryStatus) {
  struct Case {
    char const* status;
    int ahead_by;
    int behind_by;
  } const cases[] = {{"identical", 0, 0}, {"behind", 0, 3}, {"ahead", 2, 0}, {"diverged", 2, 3}};
  for (auto const& c : cases) {
    SCOPED_TRACE(c.status);
    Json body = {{"status", c.status},
                 {"ahead_by", c.ahead_by},
                 {"behind_by", c.behind_by},
                 {"total_commits", c.ahead_by},
                 {"merge_base_commit", {{"sha", kSha1}, {"commit", {{"message", "m"}}}}},
                 {"commits", Json::array()},
                 {"files", Json::array()}};
    auto comparison = ParseComparison(body.dump());
    ASSERT_THAT(comparison, IsOk());
    EXPECT_EQ(comparison->status, c.status);
    EXPECT_EQ(comparison->ahead_by, c.ahead_by);
    EXPECT_EQ(comparison->behind_by, c.behind_by);
    EXPECT_EQ(comparison->total_commits, c.ahead_by);
    EXPECT_EQ(comparison->merge_base_sha, kSha1);
  }
  auto bare =
      ParseComparison(R"({"status": "behind", "ahead_by": 0, "behind_by": 1, "total_commits": 0})");
  ASSERT_THAT(bare, IsOk());
  EXPECT_EQ(bare->merge_base_sha, "");
}

TEST(GitHubParseCheckRuns, ReadsWrappedListWithNullConclusion) {
  auto runs = ParseCheckRuns(R"({
    "total_count": 7,
    "check_runs": [
      {"id": 9007199254740993, "name": "build", "status": "in_progress", "conclusion": null,
       "head_sha": "aaaa", "app": {"id": 15368, "slug": "github-actions"}},
      {"id": 2, "name": "test", "status": "completed", "conclusion": "success",
       "head_sha": "aaaa", "output": {"title": null}}
    ]})");
  ASSERT_THAT(runs, IsOk());
  EXPECT_EQ(runs->total_count, 7);
  ASSERT_THAT(runs->check_runs, SizeIs(2));
  EXPECT_EQ(runs->check_runs[0].id, 9007199254740993);  // beyond a double's exact range
  EXPECT_EQ(runs->check_runs[0].name, "build");
  EXPECT_EQ(runs->check_runs[0].status, "in_progress");
  EXPECT_EQ(runs->check_runs[0].conclusion, "");
  EXPECT_EQ(runs->check_runs[0].head_sha, "aaaa");
  EXPECT_EQ(runs->check_runs[1].conclusion, "success");
}

TEST(GitHubParseCombinedStatus, ReadsNoStatusesAsPending) {
  auto combined = ParseCombinedStatus(
      R"({"state": "pending", "statuses": [], "sha": "aaaa", "total_count": 0})");
  ASSERT_THAT(combined, IsOk());
  EXPECT_EQ(combined->state, "pending");
  EXPECT_EQ(combined->total_count, 0);
  EXPECT_THAT(combined->statuses, IsEmpty());
}

TEST(GitHubParseIssues, ReadsClosedIssuesLabelsAndPullRequests) {
  auto issues = ParseIssues(R"([
    {"number": 5, "title": "Crash on start", "state": "closed", "state_reason": "completed",
     "labels": [{"id": 1, "name": "P0"}, {"id": 2, "name": "regression"}],
     "created_at": "2025-02-01T00:00:00Z", "closed_at": "2025-02-03T00:00:00Z",
     "body": "It crashes.", "user": {"login": "x"}},
    {"number": 6, "title": "Fix crash", "state": "open", "labels": ["P0"],
     "created_at": "2025-02-02T00:00:00Z", "closed_at": null, "body": null,
     "pull_request": {"url": "https://api.github.com/repos/acme/widgets/pulls/6"}}
  ])");
  ASSERT_THAT(issues, IsOk());
  ASSERT_THAT(*issues, SizeIs(2));
  auto const& issue = (*issues)[0];
  EXPECT_EQ(issue.number, 5);
  EXPECT_EQ(issue.state, "closed");
  EXPECT_EQ(issue.state_reason, "completed");
  EXPECT_THAT(issue.labels, ElementsAre("P0", "regression"));
  EXPECT_EQ(issue.closed_at, Rfc3339("2025-02-03T00:00:00Z"));
  EXPECT_EQ(issue.body, "It crashes.");
  EXPECT_FALSE(issue.is_pull_request);
  auto const& pull = (*issues)[1];
  EXPECT_TRUE(pull.is_pull_request);
  EXPECT_THAT(pull.labels, ElementsAre("P0"));
  EXPECT_EQ(pull.state_reason, "");  // absent
  EXPECT_EQ(pull.closed_at, absl::nullopt);
}

TEST(GitHubParseIssueEvents, ReadsClosedWithAndWithoutCommit) {
  auto events = ParseIssueEvents(R"([
    {"id": 1, "node_id": "x", "event": "closed", "commit_id": null, "commit_url": null,
     "created_at": "2025-02-03T00:00:00Z", "actor": {"login": "x"}},
    {"id": 2, "event": "reopened", "commit_id": null, "created_at": "2025-02-04T00:00:00Z"},
    {"id": 3, "event": "closed", "commit_id": "0123456789abcdef0123456789abcdef01234567",
     "commit_url": "https://api.github.com/repos/acme/widgets/commits/0123",
     "created_at": "2025-02-05T00:00:00Z"}
  ])");
  ASSERT_THAT(events, IsOk());
  ASSERT_THAT(*events, SizeIs(3));
  EXPECT_EQ((*events)[0].event, "closed");
  EXPECT_EQ((*events)[0].commit_id, "");
  EXPECT_EQ((*events)[1].event, "reopened");
  EXPECT_EQ((*events)[2].id, 3);
  EXPECT_EQ((*events)[2].commit_id, "0123456789abcdef0123456789abcdef01234567");
  EXPECT_EQ((*events)[2].created_at, Rfc3339("2025-02-05T00:00:00Z"));
}

TEST(GitHubParseCommit, ReadsCommitAndList) {
  Json commit = Json::parse(R"({
    "sha": "bbbb", "node_id": "x",
    "commit": {"author": {"name": "A", "date": "2025-02-01T00:00:00Z"},
               "committer": {"name": "C", "date": "2025-02-02T03:04:05-01:00"},
               "message": "Fix the crash\n\nCloses #5", "tree": {"sha": "t"}},
    "parents": [{"sha": "p1", "url": "u"}, {"sha": "p2", "url": "u"}]
  })");
  auto parsed = ParseCommit(commit.dump());
  ASSERT_THAT(parsed, IsOk());
  EXPECT_EQ(parsed->sha, "bbbb");
  EXPECT_EQ(parsed->message, "Fix the crash\n\nCloses #5");
  EXPECT_EQ(parsed->committer_date, Rfc3339("2025-02-02T04:04:05Z"));
  EXPECT_THAT(parsed->parent_shas, ElementsAre("p1", "p2"));

  auto list = ParseCommits(Json::array({commit, commit}).dump());
  ASSERT_THAT(list, IsOk());
  EXPECT_THAT(*list, SizeIs(2));
}

TEST(GitHubParseWorkflowRun, ReadsRunDetails) {
  auto run = ParseWorkflowRun(R"({"workflow_run_id": 1234567890,
    "run_url": "https://api.github.com/repos/acme/widgets/actions/runs/1234567890",
    "html_url": "https://github.com/acme/widgets/actions/runs/1234567890"})");
  ASSERT_THAT(run, IsOk());
  EXPECT_EQ(run->workflow_run_id, 1234567890);
  EXPECT_EQ(run->run_url, "https://api.github.com/repos/acme/widgets/actions/runs/1234567890");
  EXPECT_EQ(run->html_url, "https://github.com/acme/widgets/actions/runs/1234567890");
}

TEST(GitHubParseApiError, NeverFailsAndKeepsWhatItCan) {
  struct Case {
    char const* name;
    std::string body;
    std::string message;
    std::size_t details;
  } const cases[] = {
      {"validation failed",
       R"({"message": "Validation Failed", "status": "422", "errors": [
            {"resource": "Release", "code": "already_exists", "field": "tag_name"},
            {"resource": "Release", "code": "custom", "field": "tag_name",
             "message": "tag_name was used by an immutable release"}]})",
       "Validation Failed", 2},
      {"errors as plain strings", R"({"message": "Invalid request.", "errors": ["x is bad"]})",
       "Invalid request.", 1},
      {"errors of the wrong type",
       R"({"message": "m", "documentation_url": 5, "errors": [7, null, {"code": 3}]})", "m", 1},
      {"errors not an array", R"({"message": "m", "errors": "nope"})", "m", 0},
      {"html page", "<html><body>Bad gateway</body></html>\n",
       "<html><body>Bad gateway</body></html>", 0},
      {"empty body", "", "", 0},
      {"message not a string", R"({"message": 404})", R"({"message": 404})", 0},
      {"JSON array", R"(["message"])", R"(["message"])", 0},
      {"control characters", "line1\nline2\x01", "line1 line2?", 0},
      {"invalid UTF-8", "caf\xc3\xa9 \xff\xfe", "caf\xc3\xa9 ??", 0},
  };
  for (auto const& c : cases) {
    SCOPED_TRACE(c.name);
    ApiError error = ParseApiError(c.body);
    EXPECT_EQ(error.message, c.message);
    EXPECT_THAT(error.errors, SizeIs(c.details));
  }
}

TEST(GitHubParseApiError, CapsRawTextAtAUtf8Boundary) {
  std::string body(kMaxApiErrorMessageBytes - 1, 'x');
  body += "\xc3\xa9 and more";  // a 2-byte character straddles the cap
  ApiError error = ParseApiError(body);
  EXPECT_EQ(error.message, std::string(kMaxApiErrorMessageBytes - 1, 'x'));

  Json json = {{"message", std::string(10 * kMaxApiErrorMessageBytes, 'y')}};
  EXPECT_THAT(ParseApiError(json.dump()).message, SizeIs(kMaxApiErrorMessageBytes));
}

// ---------------------------------------------------------------------------------------
// Malformed bodies: INVALID_ARGUMENT naming what and where, never a crash.

TEST(GitHubParseRelease, NamesTheField) {
  Json release = ReleaseJson();
  release["id"] = "42";
  EXPECT_THAT(ParseRelease(release.dump()),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       "GitHub release: field \"id\" is not an integer"));
}

TEST(GitHubParse, RejectsMalformedReleases) {
  struct Case {
    char const* name;
    std::function<void(Json&)> mutate;
    char const* message;
  } const cases[] = {
      {"missing id", [](Json& r) { r.erase("id"); }, "field \"id\" is missing"},
      {"null id", [](Json& r) { r["id"] = nullptr; }, "field \"id\" is null"},
      {"string id", [](Json& r) { r["id"] = "42"; }, "field \"id\" is not an integer"},
      {"fractional id", [](Json& r) { r["id"] = 42.5; }, "field \"id\" is not an integer"},
      {"negative id", [](Json& r) { r["id"] = -1; }, "field \"id\" is negative"},
      {"id beyond int64", [](Json& r) { r["id"] = uint64_t{1} << 63; },
       "field \"id\" is out of range"},
      {"object id", [](Json& r) { r["id"] = Json::object(); }, "is not an integer"},
      {"string draft", [](Json& r) { r["draft"] = "false"; }, "field \"draft\" is not a boolean"},
      {"numeric immutable", [](Json& r) { r["immutable"] = 1; }, "\"immutable\" is not a boolean"},
      {"numeric name", [](Json& r) { r["name"] = 3; }, "\"name\" is not a string or null"},
      {"missing tag", [](Json& r) { r.erase("tag_name"); }, "\"tag_name\" is missing"},
      {"null tag", [](Json& r) { r["tag_name"] = nullptr; }, "\"tag_name\" is null"},
      {"bad time", [](Json& r) { r["created_at"] = "yesterday"; },
       "\"created_at\" is not an RFC 3339 time"},
      {"time without zone", [](Json& r) { r["created_at"] = "2025-03-01T10:00:00"; },
       "is not an RFC 3339 time"},
      {"infinite time", [](Json& r) { r["published_at"] = "infinite-future"; },
       "\"published_at\" is not an RFC 3339 time"},
      {"numeric time", [](Json& r) { r["created_at"] = 1740823200; }, "is not a string"},
      {"assets not an array", [](Json& r) { r["assets"] = Json::object(); },
       "\"assets\" is not an array"},
      {"asset not an object", [](Json& r) { r["assets"][0] = "x.whl"; },
       "\"assets[0]\" is not an object"},
      {"asset without size", [](Json& r) { r["assets"][0].erase("size"); },
       "\"assets[0].size\" is missing"},
      {"asset with short digest", [](Json& r) { r["assets"][0]["digest"] = "sha256:abc"; },
       "\"assets[0].digest\" is not \"sha256:\" and 64 hex digits"},
      {"asset with non-hex digest",
       [](Json& r) { r["assets"][0]["digest"] = "sha256:" + std::string(64, 'g'); },
       "is not \"sha256:\""},
  };
  for (auto const& c : cases) {
    SCOPED_TRACE(c.name);
    Json release = ReleaseJson();
    c.mutate(release);
    EXPECT_THAT(ParseRelease(release.dump()),
                StatusIs(absl::StatusCode::kInvalidArgument,
                         ::testing::AllOf(HasSubstr("GitHub release: "), HasSubstr(c.message))));
  }
}

TEST(GitHubParse, RejectsMalformedBodies) {
  std::string const deep_array(100000, '[');
  std::string const deep_in_field =
      absl::StrCat(R"({"id": )", std::string(65, '['), std::string(65, ']'), "}");
  std::string const nul_inside("{\"id\": 1,\0 \"x\": 2}", 19);
  struct Case {
    char const* name;
    Parser parse;
    std::string body;
    char const* message;
  } const cases[] = {
      {"empty", StatusOf(ParseRelease), "", "GitHub release: body is not valid JSON"},
      {"html", StatusOf(ParseRelease), "<html>Unicorn!</html>", "not valid JSON"},
      {"truncated", StatusOf(ParseRelease), R"({"id": 1, "tag_name": "v1)", "not valid JSON"},
      {"trailing garbage", StatusOf(ParseRepository), "{} x", "not valid JSON"},
      {"two documents", StatusOf(ParseRepository), "{} {}", "not valid JSON"},
      {"NUL byte", StatusOf(ParseRepository), nul_inside, "not valid JSON"},
      {"invalid UTF-8", StatusOf(ParseRepository), "{\"full_name\": \"\xff\"}", "not valid JSON"},
      {"comment", StatusOf(ParseRepository), "{/* x */}", "not valid JSON"},
      {"number overflow", StatusOf(ParseRelease), R"({"id": 1e400})", "not valid JSON"},
      {"huge integer", StatusOf(ParseReleaseAsset), R"({"id": 99999999999999999999999})",
       "field \"id\" is not an integer"},
      {"array for object", StatusOf(ParseRelease), "[]",
       "GitHub release: expected a JSON object, got array"},
      {"string for object", StatusOf(ParseGitRef), R"("refs/heads/main")",
       "GitHub git ref: expected a JSON object, got string"},
      {"null for object", StatusOf(ParseRepository), "null", "expected a JSON object, got null"},
      {"object for array", StatusOf(ParseReleases), "{}",
       "GitHub release list: expected a JSON array, got object"},
      {"check runs as bare array", StatusOf(ParseCheckRuns), "[]", "expected a JSON object"},
      {"number in list", StatusOf(ParseIssues), "[1]",
       "GitHub issue [0]: expected a JSON object, got number"},
      {"second element bad", StatusOf(ParseIssueEvents),
       R"([{"id": 1, "event": "closed", "created_at": "2025-01-01T00:00:00Z"}, {"id": 2}])",
       "GitHub issue event [1]: field \"event\" is missing"},
      {"label of wrong type", StatusOf(ParseIssues),
       R"([{"number": 1, "title": "t", "state": "open", "labels": [3],
            "created_at": "2025-01-01T00:00:00Z"}])",
       "GitHub issue [0]: field \"labels[0]\" is not a string or an object"},
      {"label without name", StatusOf(ParseIssues),
       R"([{"number": 1, "title": "t", "state": "open", "labels": [{"id": 3}],
            "created_at": "2025-01-01T00:00:00Z"}])",
       "field \"labels[0].name\" is missing"},
      {"ref object is a string", StatusOf(ParseGitRef), R"({"ref": "refs/x", "object": "sha"})",
       "GitHub git ref: field \"object\" is not an object"},
      {"ref without object sha", StatusOf(ParseGitRef),
       R"({"ref": "refs/x", "object": {"type": "commit"}})", "field \"object.sha\" is missing"},
      {"commit without committer", StatusOf(ParseCommit),
       R"({"sha": "a", "commit": {"message": "m", "committer": null}, "parents": []})",
       "GitHub commit: field \"commit.committer\" is null"},
      {"parent without sha", StatusOf(ParseCommit),
       R"({"sha": "a", "commit": {"message": "m", "committer": {"date": "2025-01-01T00:00:00Z"}},
           "parents": [{}]})",
       "field \"parents[0].sha\" is missing"},
      {"private as string", StatusOf(ParseRepository),
       R"({"full_name": "a/b", "default_branch": "main", "private": "false"})",
       "GitHub repository: field \"private\" is not a boolean"},
      {"status count negative", StatusOf(ParseCombinedStatus),
       R"({"state": "pending", "statuses": [], "sha": "a", "total_count": -1})",
       "field \"total_count\" is negative"},
      {"status without context", StatusOf(ParseCombinedStatus),
       R"({"state": "pending", "statuses": [{"state": "success"}], "sha": "a", "total_count": 1})",
       "field \"statuses[0].context\" is missing"},
      {"check run id string", StatusOf(ParseCheckRuns),
       R"({"total_count": 1, "check_runs": [{"id": "1", "name": "n", "status": "queued",
           "conclusion": null, "head_sha": "a"}]})",
       "GitHub check runs: field \"check_runs[0].id\" is not an integer"},
      {"content size string", StatusOf(ParseContent),
       R"({"type": "file", "name": "a", "path": "a", "sha": "s", "size": "13"})",
       "GitHub content: field \"size\" is not an integer"},
      {"submodule url numeric", StatusOf(ParseContent),
       R"({"type": "submodule", "name": "a", "path": "a", "sha": "s", "size": 0,
           "submodule_git_url": 1})",
       "\"submodule_git_url\" is not a string or null"},
      {"listing of strings", StatusOf(ParseContentListing), R"(["a"])",
       "GitHub content [0]: expected a JSON object"},
      {"compare merge base not object", StatusOf(ParseComparison),
       R"({"status": "behind", "ahead_by": 0, "behind_by": 1, "total_commits": 0,
           "merge_base_commit": "abc"})",
       "GitHub comparison: field \"merge_base_commit\" is not an object"},
      {"compare ahead_by float", StatusOf(ParseComparison),
       R"({"status": "behind", "ahead_by": 0.0, "behind_by": 1, "total_commits": 0})",
       "field \"ahead_by\" is not an integer"},
      {"workflow run without id", StatusOf(ParseWorkflowRun),
       R"({"run_url": "u", "html_url": "h"})",
       "GitHub workflow run: field \"workflow_run_id\" is missing"},
      {"deep nesting", StatusOf(ParseRelease), deep_array, "nested deeper than"},
      {"deep nesting in a field", StatusOf(ParseRelease), deep_in_field, "nested deeper than"},
      {"deep nesting in a list", StatusOf(ParseIssues), deep_array,
       "GitHub issue list: JSON nested"},
  };
  for (auto const& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_THAT(c.parse(c.body),
                StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr(c.message)));
  }
}

TEST(GitHubParse, BracketsInsideStringsDoNotCountAsNesting) {
  Json release = ReleaseJson();
  release["body"] = std::string(1000, '[') + "\"{";
  auto parsed = ParseRelease(release.dump());
  ASSERT_THAT(parsed, IsOk());
  EXPECT_EQ(parsed->body, release["body"].get<std::string>());
}

TEST(GitHubParse, RefusesBodiesOverTheCap) {
  std::string body = R"({"full_name": ")";
  body.append(kMaxResponseBytes, 'a');
  body += R"(", "default_branch": "main", "private": false})";
  EXPECT_THAT(ParseRepository(body), StatusIs(absl::StatusCode::kInvalidArgument,
                                              HasSubstr("exceeds the limit of 33554432")));
}

TEST(GitHubParse, QuotesTheStartOfANonJsonBodyEscaped) {
  EXPECT_THAT(ParseRelease("<html>\n<title>Unicorn!</title>"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       "GitHub release: body is not valid JSON (30 bytes, starting "
                       "\"<html>\\n<title>Unicorn!</title>\")"));
}

}  // namespace
}  // namespace stablecut::github
