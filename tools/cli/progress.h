#pragma once
// The events of a publish as people follow them: on a terminal, a progress bar per file
// redrawn in place; elsewhere (a pipe, a log), plain lines at most every 10% of a file.

#include <string>
#include <vector>

#include "stablecut/v1/publisher.pb.h"
#include "tools/cli/style.h"

namespace stablecut::cli {

class ProgressRenderer {
 public:
  enum class Mode { kTerminal, kPlain };

  // `columns`: the terminal's width; lines are cut to fit, since a wrapped line would throw
  // the redraw's cursor movements off.
  ProgressRenderer(Mode mode, Style style, int columns = 80)
      : mode_(mode), style_(style), columns_(columns < 40 ? 40 : columns) {}

  // What to write for one event (often ""). A file event updates its bar (terminal) or
  // prints a line when it crosses a tenth of the file, finishes or fails (plain); a message
  // prints above the bars. A `done` event is left to the caller (RenderPublishSummary)
  // after Finish().
  std::string OnEvent(v1::PublishEvent const& event);

  // Leaves the cursor at the start of a fresh line below the bars ("" in plain mode or
  // when nothing was drawn).
  std::string Finish();

 private:
  struct File {
    std::string target;
    std::string name;
    int64_t sent = 0;
    int64_t size = 0;
    v1::FileOutcome outcome = v1::FILE_OUTCOME_UNSPECIFIED;
    std::string error;
    int shown_tenths = -1;   // plain: the last tenth printed
    int shown_percent = -1;  // terminal: the percentage drawn
  };

  File& Find(v1::FileProgress const& progress);
  std::string PlainFile(File& file);
  std::string OutcomeText(File const& file) const;
  std::string BarLine(File const& file) const;
  // Moves to the first bar line and clears it: the start of a redraw.
  std::string Rewind() const;
  std::string DrawBars() const;

  Mode mode_;
  Style style_;
  int columns_;
  std::vector<File> files_;  // in the order they first appeared
  int drawn_lines_ = 0;      // bar lines on screen; the cursor ends the last one
};

}  // namespace stablecut::cli
