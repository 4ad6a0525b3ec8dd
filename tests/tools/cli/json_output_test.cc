#include "tools/cli/json_output.h"

#include <nlohmann/json.hpp>
#include <gtest/gtest.h>

#include "stablecut/v1/publisher.pb.h"
#include "tests/testing/status_matchers.h"

namespace stablecut::cli {
namespace {

using ::stablecut::testing::IsOk;

TEST(JsonLine, OneLineWithEveryFieldEvenDefaults) {
  v1::PublishEvent event;
  event.mutable_file()->set_name("widgets-1-py3-none-any.whl");
  event.mutable_file()->set_bytes_sent(1048576);
  event.mutable_file()->set_size(4194304);
  auto line = JsonLine(event);
  ASSERT_THAT(line, IsOk());
  ASSERT_EQ(line->back(), '\n');
  EXPECT_EQ(line->find('\n'), line->size() - 1);
  auto json = nlohmann::json::parse(*line);
  EXPECT_EQ(json["file"]["name"], "widgets-1-py3-none-any.whl");
  EXPECT_EQ(json["file"]["bytesSent"], "1048576");  // int64 is a string in proto3 JSON
  EXPECT_EQ(json["file"]["outcome"], "FILE_OUTCOME_UNSPECIFIED");
  EXPECT_EQ(json["file"]["error"], "");
}

TEST(JsonLine, AVerdictKeepsApprovedFalse) {
  v1::Verdict verdict;
  verdict.mutable_candidate()->set_tag("candidate-20261126.1");
  auto line = JsonLine(verdict);
  ASSERT_THAT(line, IsOk());
  auto json = nlohmann::json::parse(*line);
  EXPECT_EQ(json["approved"], false);
  EXPECT_EQ(json["candidate"]["tag"], "candidate-20261126.1");
}

}  // namespace
}  // namespace stablecut::cli
