// Tests classifying PyPI's answers to uploads and extracting their messages.
#include "lib/pypi/upload_response.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace stablecut::pypi {
namespace {

using ::testing::EndsWith;
using ::testing::SizeIs;

constexpr char kExistsHtml[] =
    "<html>\n <head>\n  <title>400 File already exists ('demo_pkg-1.0-py3-none-any.whl', "
    "with blake2_256 hash 'ab12'). See https://pypi.org/help/#file-name-reuse for more "
    "information.</title>\n </head>\n <body>\n  <h1>400 File already exists "
    "(...)</h1>\n  The server could not comply with the request since it is either "
    "malformed or otherwise incorrect.<br/><br/>\n</body>\n</html>";

TEST(UploadResponse, ClassifiesAnswers) {
  struct Case {
    char const* name;
    long status;
    char const* reason;
    std::string body;
    UploadOutcome outcome;
  } const cases[] = {
      {"ok", 200, "OK", "", UploadOutcome::kUploaded},
      {"ok over http2", 200, "", "", UploadOutcome::kUploaded},
      {"exists in body (http2)", 400, "", kExistsHtml, UploadOutcome::kAlreadyExists},
      {"exists in reason", 400,
       "File already exists ('demo_pkg-1.0-py3-none-any.whl', with blake2_256 hash 'ab')", "",
       UploadOutcome::kAlreadyExists},
      {"exists 409", 409, "Conflict", "File already exists", UploadOutcome::kAlreadyExists},
      {"exists lowercase", 400, "", "file already exists", UploadOutcome::kAlreadyExists},
      {"409 other", 409, "Conflict", "The name 'x' conflicts with an existing project.",
       UploadOutcome::kFailed},
      {"deleted filename", 400, "",
       "This filename was previously used by a file that has since been deleted.",
       UploadOutcome::kFailed},
      {"exists on 403", 403, "", "File already exists", UploadOutcome::kFailed},
      {"forbidden", 403, "Invalid API Token: token is expired", "", UploadOutcome::kFailed},
      {"server error", 503, "Service Unavailable", "", UploadOutcome::kFailed},
      {"redirect", 308, "Permanent Redirect", "", UploadOutcome::kFailed},
      {"created is not 200", 201, "Created", "", UploadOutcome::kFailed},
  };
  for (auto const& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(ClassifyUploadResponse(c.status, c.reason, c.body), c.outcome);
  }
}

TEST(UploadResponse, ExtractsMessageFromBody) {
  struct Case {
    char const* name;
    std::string body;
    std::string message;
  } const cases[] = {
      {"warehouse html", kExistsHtml,
       "File already exists ('demo_pkg-1.0-py3-none-any.whl', with blake2_256 hash 'ab12'). "
       "See https://pypi.org/help/#file-name-reuse for more information."},
      {"escaped title",
       "<TITLE>400 The user &#x27;x&#x27; isn&#39;t allowed &amp; "
       "&lt;ok&gt; &quot;q&quot; &unknown; &#1234;</TITLE>",
       "The user 'x' isn't allowed & <ok> \"q\" &unknown; &#1234;"},
      {"json", R"({"message": "Invalid API Token: token is expired", "code": "403 Forbidden",
                  "title": "Forbidden"})",
       "Invalid API Token: token is expired"},
      {"json without message", R"({"detail": "x"})", R"({"detail": "x"})"},
      {"plain text", "  400 Bad Request\n\nUpload payload does not have a file.\n\n",
       "400 Bad Request Upload payload does not have a file."},
      {"control characters", "bad\x01\x1b[31m thing", "bad[31m thing"},
      {"empty", "", ""},
      {"title without end", "<title>never closed", "<title>never closed"},
  };
  for (auto const& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(UploadErrorMessage(c.body), c.message);
  }
}

TEST(UploadResponse, CapsMessageLengthWithoutSplittingCharacters) {
  std::string body;
  for (int i = 0; i < 1000; ++i) body += "\xc3\xa9";  // é
  std::string message = UploadErrorMessage(body);
  EXPECT_THAT(message, SizeIs(::testing::Le(kMaxUploadErrorMessageLength)));
  EXPECT_THAT(message, EndsWith("\xc3\xa9..."));
  std::string long_title = "<title>400 " + std::string(5000, 'x') + "</title>";
  EXPECT_THAT(UploadErrorMessage(long_title), SizeIs(kMaxUploadErrorMessageLength));
}

}  // namespace
}  // namespace stablecut::pypi
