#include "tools/cli/table.h"

#include <gtest/gtest.h>

#include "tools/cli/style.h"

namespace stablecut::cli {
namespace {

TEST(Table, AlignsColumnsAndLeavesTheLastUnpadded) {
  Table table({"TAG", "STATE", "DETAIL"});
  table.AddRow({"candidate-20261127.1", "stable", "ok"});
  table.AddRow({"c-2", "draft"});
  EXPECT_EQ(table.Render(),
            "TAG                   STATE   DETAIL\n"
            "candidate-20261127.1  stable  ok\n"
            "c-2                   draft\n");
}

TEST(Table, ColourEscapesAndUtf8TakeNoExtraColumns) {
  Style colour = Style::For(/*out_is_terminal=*/true, /*no_color_set=*/false);
  Table table({"", "CHECK"});
  table.AddRow({colour.Green("✓"), "age"});
  table.AddRow({"??", "ci"});
  EXPECT_EQ(table.Render(),
            "    CHECK\n"
            "\x1b[32m✓\x1b[0m   age\n"
            "??  ci\n");
  EXPECT_EQ(DisplayWidth(colour.Red("✗ x")), 3);
}

TEST(Style, NoColourOffATerminalOrWithNoColor) {
  EXPECT_FALSE(Style::For(false, false).colour());
  EXPECT_FALSE(Style::For(true, true).colour());
  EXPECT_TRUE(Style::For(true, false).colour());
  EXPECT_EQ(Style::For(true, true).Green("x"), "x");
}

}  // namespace
}  // namespace stablecut::cli
