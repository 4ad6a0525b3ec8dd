// Releases, assets, uploads, the 302 download and git refs against the sandbox.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <openssl/sha.h>

#include <set>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "tests/tools/sandbox/sandbox_fixture.h"

namespace stablecut::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

using SandboxReleases = SandboxTest;

std::string Sha256Hex(std::string const& data) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<unsigned char const*>(data.data()), data.size(), digest);
  return absl::BytesToHexString(
      absl::string_view(reinterpret_cast<char const*>(digest), SHA256_DIGEST_LENGTH));
}

// The path and query of an upload URL ("http://127.0.0.1:N/github-uploads/...{?name,label}").
std::string UploadPath(nlohmann::json const& release, std::string const& name) {
  std::string url = release["upload_url"].get<std::string>();
  url = url.substr(0, url.find('{'));
  url = url.substr(url.find("/github-uploads"));
  return url + "?name=" + name;
}

// Seeded just after midnight UTC (as CI may be), the demo still has one release per tag and
// its draft is today's candidate: "2 hours ago" would otherwise be yesterday, the day of the
// 24-hour-old candidate.
TEST_F(SandboxReleases, TheDemoSeededJustAfterMidnightHasOneReleasePerTag) {
  for (char const* now : {"2026-12-03T00:10:00Z", "2026-12-03T13:00:00Z"}) {
    SCOPED_TRACE(now);
    ASSERT_EQ(sandbox().Send("POST", "/_control/clock", "", nlohmann::json{{"now", now}}.dump())
                  .status,
              200);
    ASSERT_EQ(sandbox().Send("POST", "/_control/seed", "", R"({"name":"demo"})").status, 200);
    nlohmann::json const releases =
        sandbox().Get(SandboxProcess::Demo("/releases?per_page=100"), write()).Json();
    ASSERT_TRUE(releases.is_array()) << releases.dump();
    std::set<std::string> tags;
    std::string draft;
    for (auto const& release : releases) {
      std::string tag = release["tag_name"].get<std::string>();
      EXPECT_TRUE(tags.insert(tag).second) << "two releases tagged " << tag;
      if (release["draft"].get<bool>()) draft = tag;
    }
    EXPECT_EQ(draft, "candidate-20261203.1");
  }
}

TEST_F(SandboxReleases, DraftsAreListedOnlyForTheWriteToken) {
  auto has_draft = [](nlohmann::json const& list) {
    for (auto const& release : list) {
      if (release["draft"].get<bool>()) return true;
    }
    return false;
  };
  EXPECT_TRUE(has_draft(sandbox().Get(SandboxProcess::Demo("/releases"), write()).Json()));
  EXPECT_FALSE(has_draft(sandbox().Get(SandboxProcess::Demo("/releases"), read()).Json()));
  EXPECT_FALSE(has_draft(sandbox().Get(SandboxProcess::Demo("/releases"), "").Json()));
  nlohmann::json draft =
      FindRelease([](nlohmann::json const& r) { return r["draft"].get<bool>(); });
  ASSERT_FALSE(draft.is_null());
  std::string by_id = SandboxProcess::Demo(absl::StrCat("/releases/", draft["id"].get<int64_t>()));
  EXPECT_EQ(sandbox().Get(by_id, write()).status, 200);
  EXPECT_EQ(sandbox().Get(by_id, read()).status, 404);
  // Drafts are never found by tag, whatever the token.
  std::string by_tag =
      SandboxProcess::Demo("/releases/tags/" + draft["tag_name"].get<std::string>());
  EXPECT_EQ(sandbox().Get(by_tag, write()).status, 404);
  EXPECT_THAT(draft["html_url"].get<std::string>(), HasSubstr("untagged-"));
}

TEST_F(SandboxReleases, LatestIsThePromotedStableRelease) {
  HttpReply latest = sandbox().Get(SandboxProcess::Demo("/releases/latest"), read());
  ASSERT_EQ(latest.status, 200);
  EXPECT_FALSE(latest.Json()["prerelease"].get<bool>());
  EXPECT_FALSE(latest.Json()["draft"].get<bool>());
  EXPECT_THAT(latest.Json()["tag_name"].get<std::string>(), StartsWith("candidate-"));
  EXPECT_THAT(latest.Json()["upload_url"].get<std::string>(), HasSubstr("/assets{?name,label}"));
  EXPECT_FALSE(latest.Json()["immutable"].get<bool>());
}

TEST_F(SandboxReleases, DraftCreatesNoTagUntilPublished) {
  std::string head =
      sandbox().Get(SandboxProcess::Demo("/branches/main"), write()).Json()["commit"]["sha"];
  HttpReply created = sandbox().Send("POST", SandboxProcess::Demo("/releases"), write(),
                                     nlohmann::json{{"tag_name", "candidate-20990101.1"},
                                                    {"target_commitish", head},
                                                    {"draft", true},
                                                    {"prerelease", true},
                                                    {"make_latest", "false"}}
                                         .dump());
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_TRUE(created.Json()["published_at"].is_null());
  std::string ref = SandboxProcess::Demo("/git/ref/tags/candidate-20990101.1");
  EXPECT_EQ(sandbox().Get(ref, write()).status, 404);
  std::string path =
      SandboxProcess::Demo(absl::StrCat("/releases/", created.Json()["id"].get<int64_t>()));
  HttpReply published = sandbox().Send(
      "PATCH", path, write(), R"({"draft":false,"prerelease":true,"make_latest":"false"})");
  ASSERT_EQ(published.status, 200) << published.body;
  EXPECT_FALSE(published.Json()["published_at"].is_null());
  HttpReply tag = sandbox().Get(ref, write());
  ASSERT_EQ(tag.status, 200);
  EXPECT_EQ(tag.Json()["object"]["sha"], head);
  EXPECT_EQ(
      sandbox().Get(SandboxProcess::Demo("/releases/tags/candidate-20990101.1"), read()).status,
      200);
}

TEST_F(SandboxReleases, DuplicateTagIs422AlreadyExists) {
  nlohmann::json stable = sandbox().Get(SandboxProcess::Demo("/releases/latest"), write()).Json();
  HttpReply duplicate = sandbox().Send("POST", SandboxProcess::Demo("/releases"), write(),
                                       nlohmann::json{{"tag_name", stable["tag_name"]}}.dump());
  EXPECT_EQ(duplicate.status, 422);
  EXPECT_EQ(duplicate.Json()["message"], "Validation Failed");
  EXPECT_EQ(duplicate.Json()["errors"][0]["code"], "already_exists");
  EXPECT_EQ(duplicate.Json()["errors"][0]["field"], "tag_name");
}

TEST_F(SandboxReleases, MakeLatestMustBeAString) {
  HttpReply reply = sandbox().Send("POST", SandboxProcess::Demo("/releases"), write(),
                                   R"({"tag_name":"candidate-20990101.1","make_latest":true})");
  EXPECT_EQ(reply.status, 422);
  EXPECT_EQ(reply.Json()["message"],
            "Invalid request.\n\nFor 'properties/make_latest', true is not a string.");
}

TEST_F(SandboxReleases, PromotingWithMakeLatestMovesLatest) {
  nlohmann::json candidate = FindRelease([](nlohmann::json const& r) {
    return !r["draft"].get<bool>() && r["prerelease"].get<bool>();
  });
  std::string path =
      SandboxProcess::Demo(absl::StrCat("/releases/", candidate["id"].get<int64_t>()));
  HttpReply promoted =
      sandbox().Send("PATCH", path, write(),
                     R"({"name":"widgets stable","prerelease":false,"make_latest":"true"})");
  ASSERT_EQ(promoted.status, 200) << promoted.body;
  HttpReply latest = sandbox().Get(SandboxProcess::Demo("/releases/latest"), read());
  EXPECT_EQ(latest.Json()["id"], candidate["id"]);
  EXPECT_EQ(latest.Json()["name"], "widgets stable");
}

TEST_F(SandboxReleases, UploadStoresBytesWithDigestAndRefusesDuplicates) {
  nlohmann::json draft =
      FindRelease([](nlohmann::json const& r) { return r["draft"].get<bool>(); });
  std::string path = UploadPath(draft, "extra-1.0-py3-none-any.whl");
  std::string bytes = "not really a wheel, but bytes all the same";
  HttpReply uploaded =
      sandbox().Send("POST", path, write(), bytes, {{"Content-Type", "application/octet-stream"}});
  ASSERT_EQ(uploaded.status, 201) << uploaded.body;
  EXPECT_EQ(uploaded.Json()["digest"], "sha256:" + Sha256Hex(bytes));
  EXPECT_EQ(uploaded.Json()["size"], bytes.size());
  EXPECT_EQ(uploaded.Json()["state"], "uploaded");
  HttpReply again =
      sandbox().Send("POST", path, write(), bytes, {{"Content-Type", "application/octet-stream"}});
  EXPECT_EQ(again.status, 422);
  EXPECT_EQ(again.Json()["errors"][0]["code"], "already_exists");
  EXPECT_EQ(again.Json()["errors"][0]["resource"], "ReleaseAsset");
  EXPECT_EQ(sandbox()
                .Send("POST", UploadPath(draft, "b.whl"), read(), bytes,
                      {{"Content-Type", "application/octet-stream"}})
                .status,
            403);
  // curl with an empty Content-Type header sends none.
  EXPECT_EQ(sandbox().CurlStatus({"-X", "POST", "-H", "Authorization: token " + write(), "-H",
                                  "Content-Type:", "--data-binary", "x",
                                  sandbox().Url(UploadPath(draft, "c.whl"))}),
            422);
  HttpReply assets = sandbox().Get(
      SandboxProcess::Demo(absl::StrCat("/releases/", draft["id"].get<int64_t>(), "/assets")),
      write());
  EXPECT_EQ(assets.Json().size(), 2u);
}

TEST_F(SandboxReleases, DownloadRedirectsToStorageThatRejectsAuthorization) {
  nlohmann::json latest = sandbox().Get(SandboxProcess::Demo("/releases/latest"), write()).Json();
  nlohmann::json asset = latest["assets"][0];
  std::string api =
      SandboxProcess::Demo(absl::StrCat("/releases/assets/", asset["id"].get<int64_t>()));
  HttpReply json = sandbox().Get(api, write());
  EXPECT_EQ(json.status, 200);
  EXPECT_THAT(json.Json()["digest"].get<std::string>(), StartsWith("sha256:"));
  HttpReply redirect = sandbox().Get(api, write(), {{"Accept", "application/octet-stream"}});
  ASSERT_EQ(redirect.status, 302);
  std::string location = redirect.Header("Location");
  EXPECT_THAT(location, StartsWith(absl::StrCat("http://localhost:", sandbox().port(), "/")));
  EXPECT_THAT(location, HasSubstr("X-Amz-Expires=300"));
  EXPECT_THAT(location, HasSubstr("X-Amz-Signature="));
  EXPECT_EQ(sandbox().CurlStatus({"-H", "Authorization: Bearer " + write(), location}), 400);
  EXPECT_EQ(sandbox().CurlStatus({location}), 200);
  EXPECT_EQ(sandbox().CurlStatus({location + "0"}), 403);

  httplib::Client storage("localhost", sandbox().port());
  auto bytes = storage.Get(location.substr(location.find("/github-storage")));
  ASSERT_TRUE(bytes);
  EXPECT_EQ("sha256:" + Sha256Hex(bytes->body), asset["digest"]);
  EXPECT_TRUE(absl::StartsWith(bytes->body, "PK\x03\x04"));  // a zip
  EXPECT_THAT(bytes->body, HasSubstr(".dist-info/METADATA"));
}

TEST_F(SandboxReleases, SignedUrlsExpireAfterFiveMinutes) {
  nlohmann::json latest = sandbox().Get(SandboxProcess::Demo("/releases/latest"), write()).Json();
  std::string api = SandboxProcess::Demo(
      absl::StrCat("/releases/assets/", latest["assets"][0]["id"].get<int64_t>()));
  std::string location =
      sandbox().Get(api, write(), {{"Accept", "application/octet-stream"}}).Header("Location");
  ASSERT_EQ(sandbox().Send("POST", "/_control/clock", "", R"({"advance_seconds":301})").status,
            200);
  EXPECT_EQ(sandbox().CurlStatus({location}), 403);
}

TEST_F(SandboxReleases, GitRefsCreateGetAndRefuse) {
  std::string head =
      sandbox().Get(SandboxProcess::Demo("/branches/main"), write()).Json()["commit"]["sha"];
  std::string body =
      nlohmann::json{{"ref", "refs/tags/candidate-20990101.1"}, {"sha", head}}.dump();
  HttpReply created = sandbox().Send("POST", SandboxProcess::Demo("/git/refs"), write(), body);
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(created.Json()["object"]["type"], "commit");
  HttpReply again = sandbox().Send("POST", SandboxProcess::Demo("/git/refs"), write(), body);
  EXPECT_EQ(again.status, 422);
  EXPECT_EQ(again.Json()["message"], "Reference already exists");
  HttpReply bad_sha =
      sandbox().Send("POST", SandboxProcess::Demo("/git/refs"), write(),
                     R"({"ref":"refs/tags/x","sha":"0000000000000000000000000000000000000000"})");
  EXPECT_EQ(bad_sha.status, 422);
  EXPECT_EQ(bad_sha.Json()["message"], "Object does not exist");
  EXPECT_EQ(
      sandbox().Get(SandboxProcess::Demo("/git/ref/tags/candidate-20990101.1"), read()).status,
      200);
  EXPECT_EQ(sandbox().Get(SandboxProcess::Demo("/git/ref/tags/candidate-2099"), read()).status,
            404);
  HttpReply matching =
      sandbox().Get(SandboxProcess::Demo("/git/matching-refs/tags/candidate-2099"), read());
  ASSERT_EQ(matching.Json().size(), 1u);
  EXPECT_EQ(matching.Json()[0]["ref"], "refs/tags/candidate-20990101.1");
  EXPECT_EQ(sandbox().Get(SandboxProcess::Demo("/git/matching-refs/tags/none-"), read()).Json(),
            nlohmann::json::array());
}

}  // namespace
}  // namespace stablecut::testing
