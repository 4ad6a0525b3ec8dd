// Tests of reading GitHub's pagination link header.
#include "lib/github/link_header.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace stablecut::github {
namespace {

using ::testing::Pair;
using ::testing::UnorderedElementsAre;
using ::testing::UnorderedElementsAreArray;

TEST(GitHubLinkHeader, ReadsGitHubsFirstPageHeader) {
  auto links = ParseLinkHeader(
      "<https://api.github.com/repositories/1000/issues?per_page=3&page=2>; rel=\"next\", "
      "<https://api.github.com/repositories/1000/issues?per_page=3&page=5>; rel=\"last\"");
  EXPECT_THAT(
      links,
      UnorderedElementsAre(
          Pair("next", "https://api.github.com/repositories/1000/issues?per_page=3&page=2"),
          Pair("last", "https://api.github.com/repositories/1000/issues?per_page=3&page=5")));
}

TEST(GitHubLinkHeader, ParsesTable) {
  using Links = std::vector<std::pair<std::string, std::string>>;
  struct Case {
    char const* name;
    char const* header;
    Links links;
  } const cases[] = {
      {"empty", "", {}},
      {"whitespace only", "  \t ", {}},
      {"all four",
       "<u1>; rel=\"prev\", <u2>; rel=\"next\", <u3>; rel=\"last\", <u4>; rel=\"first\"",
       {{"prev", "u1"}, {"next", "u2"}, {"last", "u3"}, {"first", "u4"}}},
      {"no spaces", "<u1>;rel=\"next\",<u2>;rel=\"last\"", {{"next", "u1"}, {"last", "u2"}}},
      {"lots of whitespace",
       "  < u1 >  ;  rel = \"next\"  ,\t<u2>\t;rel=\"last\"  ",
       {{"next", "u1"}, {"last", "u2"}}},
      {"several rels in one", "<u1>; rel=\"next last\"", {{"next", "u1"}, {"last", "u1"}}},
      {"unquoted rel", "<u1>; rel=next, <u2>; rel=last", {{"next", "u1"}, {"last", "u2"}}},
      {"rel case-insensitive", "<u1>; REL=\"Next\"", {{"next", "u1"}}},
      {"other params",
       "<u1>; title=\"a, b; c\"; rel=\"next\"; type=\"text/html\"",
       {{"next", "u1"}}},
      {"first link of a rel wins", "<u1>; rel=\"next\", <u2>; rel=\"next\"", {{"next", "u1"}}},
      {"first rel param wins", "<u1>; rel=\"next\"; rel=\"last\"", {{"next", "u1"}}},
      {"comma inside url",
       "<https://x/issues?labels=P0,regression&page=2>; rel=\"next\"",
       {{"next", "https://x/issues?labels=P0,regression&page=2"}}},
      {"empty entries", ", ,<u1>; rel=\"next\",,", {{"next", "u1"}}},
      {"no rel", "<u1>", {}},
      {"no rel but another", "<u1>; title=\"x\", <u2>; rel=\"last\"", {{"last", "u2"}}},
      {"garbage", "this is not a link header", {}},
      {"garbage then a link", "garbage; rel=\"next\", <u2>; rel=\"last\"", {{"last", "u2"}}},
      {"link then garbage", "<u1>; rel=\"next\", garbage", {{"next", "u1"}}},
      {"junk after params skips that link",
       "<u1>; rel=\"next\" junk, <u2>; rel=\"last\"",
       {{"last", "u2"}}},
      {"unterminated url", "<u1>; rel=\"next\", <u2; rel=\"last\"", {{"next", "u1"}}},
      {"unterminated quote", "<u1>; rel=\"next", {}},
      {"empty url", "<>; rel=\"next\"", {}},
      {"empty param name", "<u1>; =x; rel=\"next\"", {}},
      {"lone brackets", "<<<>>>;;;,,,\"\"\"", {}},
  };
  for (auto const& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_THAT(ParseLinkHeader(c.header), UnorderedElementsAreArray(c.links));
  }
}

TEST(GitHubLinkHeader, SurvivesEveryPrefixOfAValidHeader) {
  std::string const header =
      "<https://api.github.com/repositories/1000/issues?per_page=3&page=1>; rel=\"prev\", "
      "<https://api.github.com/repositories/1000/issues?per_page=3&page=3>; rel=\"next\"";
  for (std::size_t length = 0; length <= header.size(); ++length) {
    SCOPED_TRACE(length);
    auto links = ParseLinkHeader(absl::string_view(header).substr(0, length));
    EXPECT_LE(links.size(), 2u);
  }
}

TEST(GitHubNextPageUrl, IsTheNextLinkOrEmpty) {
  struct Case {
    char const* name;
    char const* header;
    char const* next;
  } const cases[] = {
      {"middle page",
       "<https://a/x?page=1>; rel=\"prev\", <https://a/x?page=3>; rel=\"next\", "
       "<https://a/x?page=5>; rel=\"last\", <https://a/x?page=1>; rel=\"first\"",
       "https://a/x?page=3"},
      {"last page", "<https://a/x?page=4>; rel=\"prev\", <https://a/x?page=1>; rel=\"first\"", ""},
      {"no header", "", ""},
      {"garbage", "}{", ""},
  };
  for (auto const& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(NextPageUrl(c.header), c.next);
  }
}

}  // namespace
}  // namespace stablecut::github
