#include "lib/log/log.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/testing/log_capture.h"
#include "tests/testing/status_matchers.h"

namespace stablecut::log {
namespace {

using ::stablecut::testing::StatusIs;

TEST(Log, ParsesFormats) {
  EXPECT_EQ(*ParseFormat("text"), Format::kText);
  EXPECT_EQ(*ParseFormat("json"), Format::kJson);
  EXPECT_THAT(ParseFormat("yaml"),
              StatusIs(absl::StatusCode::kInvalidArgument, ::testing::HasSubstr("text, json")));
}

TEST(Log, TextQuotesValuesThatNeedIt) {
  EXPECT_EQ(FormatEvent(Format::kText, "rpc",
                        {{"method", "/a.B/C"}, {"error", "two words"}, {"empty", ""},
                         {"quote", "say \"hi\""}}),
            R"(rpc method=/a.B/C error="two words" empty="" quote="say \"hi\"")");
}

TEST(Log, JsonEscapesEverything) {
  EXPECT_EQ(FormatEvent(Format::kJson, "rpc",
                        {{"error", "line\nbreak \"q\" \\ {}"}, {"ctl", std::string(1, '\x01')}}),
            R"("event":"rpc","error":"line\nbreak \"q\" \\ {}","ctl":"\u0001")");
}

TEST(Log, EventGoesToTheDefaultLogger) {
  stablecut::testing::LogCapture capture;
  Event(Level::kWarn, "retry", {{"attempt", "2"}, {"braces", "{}"}});
  EXPECT_THAT(capture.Text(), ::testing::HasSubstr("warning retry attempt=2 braces={}"));
}

}  // namespace
}  // namespace stablecut::log
