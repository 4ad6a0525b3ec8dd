#include "tools/cli/progress.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace stablecut::cli {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kWheel[] = "widgets-1-py3-none-any.whl";
constexpr int64_t kMiB = 1 << 20;

v1::PublishEvent File(std::string const& name, int64_t sent, int64_t size,
                      v1::FileOutcome outcome = v1::FILE_OUTCOME_UNSPECIFIED) {
  v1::PublishEvent event;
  event.mutable_file()->set_name(name);
  event.mutable_file()->set_bytes_sent(sent);
  event.mutable_file()->set_size(size);
  event.mutable_file()->set_outcome(outcome);
  event.mutable_file()->set_target("pypi");
  return event;
}

v1::PublishEvent Message(std::string const& text) {
  v1::PublishEvent event;
  event.set_message(text);
  return event;
}

TEST(ProgressPlain, PrintsAFileAtMostEveryTenthThenItsOutcome) {
  ProgressRenderer renderer(ProgressRenderer::Mode::kPlain, Style::Plain());
  std::string out;
  // Events every 1/32 of the file: the first one past each tenth prints.
  for (int64_t sent = 0; sent < 4 * kMiB; sent += kMiB / 8) {
    out += renderer.OnEvent(File(kWheel, sent, 4 * kMiB));
  }
  out += renderer.OnEvent(File(kWheel, 4 * kMiB, 4 * kMiB, v1::FILE_OUTCOME_UPLOADED));
  out += renderer.OnEvent(Message("promoted"));
  out += renderer.Finish();
  EXPECT_EQ(out,
            "widgets-1-py3-none-any.whl 0/4194304 bytes\n"
            "widgets-1-py3-none-any.whl 524288/4194304 bytes\n"
            "widgets-1-py3-none-any.whl 917504/4194304 bytes\n"
            "widgets-1-py3-none-any.whl 1310720/4194304 bytes\n"
            "widgets-1-py3-none-any.whl 1703936/4194304 bytes\n"
            "widgets-1-py3-none-any.whl 2097152/4194304 bytes\n"
            "widgets-1-py3-none-any.whl 2621440/4194304 bytes\n"
            "widgets-1-py3-none-any.whl 3014656/4194304 bytes\n"
            "widgets-1-py3-none-any.whl 3407872/4194304 bytes\n"
            "widgets-1-py3-none-any.whl 3801088/4194304 bytes\n"
            "widgets-1-py3-none-any.whl: uploaded to pypi (4194304 bytes)\n"
            "promoted\n");
}

TEST(ProgressPlain, HasNoCursorMovesAndNoColour) {
  ProgressRenderer renderer(ProgressRenderer::Mode::kPlain, Style::Plain());
  std::string out = renderer.OnEvent(File(kWheel, kMiB, 4 * kMiB)) +
                    renderer.OnEvent(File(kWheel, 0, 4 * kMiB, v1::FILE_OUTCOME_FAILED));
  EXPECT_THAT(out, Not(HasSubstr("\r")));
  EXPECT_THAT(out, Not(HasSubstr("\x1b")));
  EXPECT_THAT(out, HasSubstr("FAILED on pypi"));
}

TEST(ProgressTerminal, RedrawsTheBarInPlace) {
  ProgressRenderer renderer(ProgressRenderer::Mode::kTerminal, Style::Plain(), 80);
  std::string first = renderer.OnEvent(File(kWheel, 0, 4 * kMiB));
  EXPECT_EQ(first,
            "\r\x1b[2Kwidgets-1-py3-none-any.whl  [--------------------]   0%  0 B / 4.0 MiB");
  std::string half = renderer.OnEvent(File(kWheel, 2 * kMiB, 4 * kMiB));
  EXPECT_EQ(half,
            "\r\r\x1b[2Kwidgets-1-py3-none-any.whl  [##########----------]  50%  2.0 MiB / 4.0 MiB");
  // The same percentage again draws nothing.
  EXPECT_EQ(renderer.OnEvent(File(kWheel, 2 * kMiB + 1, 4 * kMiB)), "");
  std::string done = renderer.OnEvent(File(kWheel, 4 * kMiB, 4 * kMiB, v1::FILE_OUTCOME_UPLOADED));
  EXPECT_THAT(done, HasSubstr("[####################] 100%  uploaded to pypi"));
  EXPECT_EQ(renderer.Finish(), "\n");
}

TEST(ProgressTerminal, KeepsABarPerFileAndPrintsMessagesAboveThem) {
  ProgressRenderer renderer(ProgressRenderer::Mode::kTerminal, Style::Plain(), 80);
  renderer.OnEvent(File("a.whl", 0, 100));
  std::string two = renderer.OnEvent(File("b.whl", 0, 100));
  // Back to the first bar's line, then both bars.
  EXPECT_EQ(two,
            "\r\r\x1b[2Ka.whl  [--------------------]   0%  0 B / 100 B\n"
            "\r\x1b[2Kb.whl  [--------------------]   0%  0 B / 100 B");
  std::string again = renderer.OnEvent(File("a.whl", 50, 100));
  EXPECT_EQ(again.substr(0, 5), "\r\x1b[1A");
  std::string message = renderer.OnEvent(Message("sandbox: 2 file(s) to upload"));
  EXPECT_EQ(message.substr(0, 5 + 4 + 28 + 1), "\r\x1b[1A\x1b[2Ksandbox: 2 file(s) to upload\n");
  EXPECT_THAT(message, HasSubstr("a.whl"));
  EXPECT_THAT(message, HasSubstr("b.whl"));
}

TEST(ProgressTerminal, CutsLongNamesToTheTerminalWidth) {
  ProgressRenderer renderer(ProgressRenderer::Mode::kTerminal, Style::Plain(), 60);
  std::string name(100, 'w');
  std::string line = renderer.OnEvent(File(name, 0, 100));
  // "\r", then 59 columns: one short of the width, so the terminal never wraps it.
  EXPECT_EQ(DisplayWidth(line.substr(1)), 59);
  EXPECT_THAT(line, HasSubstr("…"));
}

}  // namespace
}  // namespace stablecut::cli
