// The sandbox PyPI's multipart parser: the same parts and bytes whatever the pieces it is
// fed, httplib 0.11's acceptance rules (its Content-Disposition regular expression is the
// oracle, run here with std::regex), and a clear error for each malformed body.
#include "tools/sandbox/pypi/multipart_parser.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <random>
#include <regex>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"

namespace stablecut::sandbox::pypi {
namespace {

using ::testing::HasSubstr;

struct Parsed {
  std::vector<MultipartPart> parts;
  std::vector<std::string> data;  // per part
  bool ok = false;
  bool complete = false;
  std::string error;
};

Parsed ParseInPieces(std::string const& boundary, std::string const& body, std::size_t piece) {
  Parsed parsed;
  MultipartParser parser(
      boundary,
      [&](MultipartPart const& part) {
        parsed.parts.push_back(part);
        parsed.data.emplace_back();
      },
      [&](absl::string_view data) {
        ASSERT_FALSE(parsed.data.empty());
        parsed.data.back().append(data.data(), data.size());
      });
  parsed.ok = true;
  for (std::size_t at = 0; at < body.size() && parsed.ok; at += piece) {
    parsed.ok = parser.Feed(absl::string_view(body).substr(at, piece));
  }
  parsed.complete = parser.complete();
  parsed.error = parser.error();
  return parsed;
}

// What requests (under twine) sends: text fields, then the file, then the closing line.
std::string TwineBody(std::string const& boundary, std::string const& content) {
  return absl::StrCat(
      "--", boundary, "\r\nContent-Disposition: form-data; name=\":action\"\r\n\r\nfile_upload\r\n",
      "--", boundary, "\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nwidgets\r\n",
      "--", boundary, "\r\nContent-Disposition: form-data; name=\"content\"; ",
      "filename=\"widgets-1.0-py3-none-any.whl\"\r\nContent-Type: application/octet-stream\r\n\r\n",
      content, "\r\n--", boundary, "--\r\n");
}

TEST(MultipartParser, GivesTheSamePartsAndBytesWhateverThePieces) {
  std::string const boundary = "0123456789abcdef";
  // Bytes that look like the start of a delimiter, a CRLF and a dash run: all data.
  std::string content = absl::StrCat("PK\x03\x04", std::string(5000, 'z'), "\r\n--0123456789abcde",
                                     "\r\n-", std::string(3000, '\0'), "\r\n");
  std::string body = TwineBody(boundary, content);
  for (std::size_t piece : {std::size_t{1}, std::size_t{2}, std::size_t{3}, std::size_t{17},
                            std::size_t{4096}, body.size()}) {
    SCOPED_TRACE(piece);
    Parsed parsed = ParseInPieces(boundary, body, piece);
    ASSERT_TRUE(parsed.ok) << parsed.error;
    EXPECT_TRUE(parsed.complete);
    ASSERT_EQ(parsed.parts.size(), 3u);
    EXPECT_EQ(parsed.parts[0].name, ":action");
    EXPECT_EQ(parsed.data[0], "file_upload");
    EXPECT_EQ(parsed.data[1], "widgets");
    EXPECT_EQ(parsed.parts[2].name, "content");
    EXPECT_EQ(parsed.parts[2].filename, "widgets-1.0-py3-none-any.whl");
    EXPECT_EQ(parsed.parts[2].content_type, "application/octet-stream");
    EXPECT_EQ(parsed.data[2], content);
  }
}

TEST(MultipartParser, IgnoresTheEpilogueAndTakesEmptyParts) {
  std::string body = "--b\r\nContent-Disposition: form-data; name=\"empty\"\r\n\r\n\r\n--b--\r\nafter";
  Parsed parsed = ParseInPieces("b", body, 1);
  ASSERT_TRUE(parsed.ok) << parsed.error;
  EXPECT_TRUE(parsed.complete);
  ASSERT_EQ(parsed.parts.size(), 1u);
  EXPECT_EQ(parsed.data[0], "");
}

TEST(MultipartParser, NamesWhatIsWrongWithAMalformedBody) {
  struct Case {
    std::string body;
    std::string error;  // "" when the body is fine but unfinished
  } cases[] = {
      {"-b\r\n", "does not begin with"},
      {"preamble\r\n--b\r\n", "does not begin with"},
      {"--b\r\nX-Other: 1\r\n\r\ndata\r\n--b--\r\n", "neither Content-Type nor"},
      {"--b\r\nContent-Disposition: attachment; name=\"a\"\r\n\r\n", "neither Content-Type nor"},
      {"--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nx\r\n--bzz", "neither CRLF nor"},
      {absl::StrCat("--b\r\n", std::string(8193, 'C')), "longer than 8192"},
      {"--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nx\r\n--b--", ""},
      {"--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nx", ""},
  };
  for (auto const& c : cases) {
    SCOPED_TRACE(c.body.substr(0, 60));
    for (std::size_t piece : {std::size_t{1}, c.body.size()}) {
      Parsed parsed = ParseInPieces("b", c.body, piece);
      EXPECT_FALSE(parsed.complete);
      if (c.error.empty()) {
        EXPECT_TRUE(parsed.ok) << parsed.error;
      } else {
        EXPECT_FALSE(parsed.ok);
        EXPECT_THAT(parsed.error, HasSubstr(c.error));
      }
    }
  }
}

TEST(MultipartBoundary, TakesTheParameterAsHttplibDoes) {
  EXPECT_EQ(MultipartBoundary("multipart/form-data; boundary=abc"), "abc");
  EXPECT_EQ(MultipartBoundary("multipart/form-data; boundary=\"a b\""), "a b");
  EXPECT_EQ(MultipartBoundary("multipart/form-data"), "");
  EXPECT_EQ(MultipartBoundary("multipart/form-data; boundary="), "");
}

// httplib 0.11's own expression (strings libcpp-httplib.so.0.11 shows it), the oracle.
std::regex const& HttplibContentDisposition() {
  static std::regex const expression(
      R"~(^Content-Disposition:\s*form-data;\s*name="(.*?)"(?:;\s*filename="(.*?)")?(?:;\s*filename\*=\S+)?\s*$)~",
      std::regex_constants::icase);
  return expression;
}

void ExpectSameAsHttplib(std::string const& line) {
  std::smatch match;
  bool expected = std::regex_match(line, match, HttplibContentDisposition());
  std::string name = "unset", filename = "unset";
  bool got = ParseContentDisposition(line, &name, &filename);
  ASSERT_EQ(got, expected) << "line: " << line;
  if (expected) {
    EXPECT_EQ(name, match[1].str()) << "line: " << line;
    EXPECT_EQ(filename, match[2].str()) << "line: " << line;
  }
}

TEST(ContentDisposition, MatchesHttplibsExpressionOnChosenLines) {
  for (std::string line : {
           "Content-Disposition: form-data; name=\"content\"; filename=\"a.whl\"",
           "content-disposition:form-data;name=\"x\"",
           "CONTENT-DISPOSITION: FORM-DATA; NAME=\"x\"; FILENAME=\"y\"  ",
           "Content-Disposition: form-data; name=\"a\"b\"",
           "Content-Disposition: form-data; name=\"a\"; filename=\"b\"c\"",
           "Content-Disposition: form-data; name=\"a\"; filename*=UTF-8''b",
           "Content-Disposition: form-data; name=\"a\"; filename=\"b\"; filename*=UTF-8''b \t",
           "Content-Disposition: form-data; name=\"a\"; filename*=",
           "Content-Disposition: form-data; name=\"a\"; filename*=x y",
           "Content-Disposition: form-data; name=\"a\"; other=\"b\"",
           "Content-Disposition: form-data; name=\"a\r\"",
           "Content-Disposition: form-data; name=\"\"",
           "Content-Disposition: form-data; name=\"a\";",
           "Content-Disposition: form-data; name=a",
           "Content-Disposition: form-data",
           "Content-Type: text/plain",
       }) {
    ExpectSameAsHttplib(line);
  }
}

TEST(ContentDisposition, MatchesHttplibsExpressionOnRandomLines) {
  std::vector<std::string> const pieces = {
      "\"", ";", " ", "\t", "\r", "\n", "x", "y", "filename=\"", "filename*=", "FileName=\"", "=",
      "*", "name=\""};
  std::mt19937 random(20261202);
  for (int round = 0; round < 20000; ++round) {
    std::string line = "Content-Disposition: form-data; name=\"";
    int count = static_cast<int>(random() % 9);
    for (int i = 0; i < count; ++i) line += pieces[random() % pieces.size()];
    ExpectSameAsHttplib(line);
    if (::testing::Test::HasFailure()) return;
  }
}

}  // namespace
}  // namespace stablecut::sandbox::pypi
