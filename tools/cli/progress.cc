#include "tools/cli/progress.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "tools/cli/render_publication.h"
#include "tools/cli/units.h"

namespace stablecut::cli {
namespace {

constexpr int kBarWidth = 20;
// ANSI: erase the whole line; the cursor stays where it is.
constexpr char kClearLine[] = "\x1b[2K";

int Percent(int64_t sent, int64_t size) {
  if (size <= 0) return 100;
  return static_cast<int>(std::min<int64_t>(100, sent * 100 / size));
}

// Cuts `text` (no escapes) to `width` columns, ending in "…" when cut.
std::string Fit(std::string const& text, int width) {
  if (DisplayWidth(text) <= width) return text;
  std::string out;
  int shown = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    bool starts_character = (static_cast<unsigned char>(text[i]) & 0xc0) != 0x80;
    if (starts_character && ++shown > width - 1) break;
    out.push_back(text[i]);
  }
  return out + "…";
}

}  // namespace

ProgressRenderer::File& ProgressRenderer::Find(v1::FileProgress const& progress) {
  for (auto& file : files_) {
    if (file.name == progress.name() && file.target == progress.target()) return file;
  }
  File file;
  file.target = progress.target();
  file.name = progress.name();
  files_.push_back(std::move(file));
  return files_.back();
}

std::string ProgressRenderer::OutcomeText(File const& file) const {
  switch (file.outcome) {
    case v1::FILE_OUTCOME_UPLOADED:
      return style_.Green(absl::StrCat("uploaded to ", file.target));
    case v1::FILE_OUTCOME_SKIPPED_EXISTING:
      return absl::StrCat("already on ", file.target);
    case v1::FILE_OUTCOME_FAILED:
      return style_.Red(absl::StrCat("FAILED on ", file.target, ": ", file.error));
    default:
      return "";
  }
}

std::string ProgressRenderer::PlainFile(File& file) {
  if (file.outcome != v1::FILE_OUTCOME_UNSPECIFIED) {
    return absl::StrCat(file.name, ": ", OutcomeText(file), " (", file.size, " bytes)\n");
  }
  int tenths = file.size > 0 ? static_cast<int>(file.sent * 10 / file.size) : 10;
  if (tenths <= file.shown_tenths) return "";
  file.shown_tenths = tenths;
  return absl::StrCat(file.name, " ", file.sent, "/", file.size, " bytes\n");
}

std::string ProgressRenderer::BarLine(File const& file) const {
  std::string tail;
  if (file.outcome != v1::FILE_OUTCOME_UNSPECIFIED) {
    tail = OutcomeText(file);
  } else {
    tail = absl::StrCat(FormatBytes(file.sent), " / ", FormatBytes(file.size));
  }
  int percent = file.outcome == v1::FILE_OUTCOME_FAILED ? Percent(file.sent, file.size)
                : file.outcome != v1::FILE_OUTCOME_UNSPECIFIED ? 100
                                                               : Percent(file.sent, file.size);
  int filled = percent * kBarWidth / 100;
  std::string bar = absl::StrCat("[", std::string(filled, '#'),
                                 std::string(kBarWidth - filled, '-'), "]");
  // What follows the name: "  [####----]  40%  " and the tail, whose colour escapes do not
  // take columns; the name gets what is left.
  std::string middle = absl::StrFormat("  %s %3d%%  ", bar, percent);
  int name_width = columns_ - 1 - DisplayWidth(middle) - DisplayWidth(tail);
  return absl::StrCat(Fit(file.name, std::max(name_width, 12)), middle, tail);
}

std::string ProgressRenderer::Rewind() const {
  if (drawn_lines_ == 0) return "";
  std::string out = "\r";
  if (drawn_lines_ > 1) absl::StrAppend(&out, "\x1b[", drawn_lines_ - 1, "A");
  return out;
}

std::string ProgressRenderer::DrawBars() const {
  std::string out;
  for (size_t i = 0; i < files_.size(); ++i) {
    // Each line: back to its first column, cleared, then drawn; "\n" moves to the next
    // (and scrolls when the block has grown).
    absl::StrAppend(&out, i > 0 ? "\n" : "", "\r", kClearLine, BarLine(files_[i]));
  }
  return out;
}

std::string ProgressRenderer::OnEvent(v1::PublishEvent const& event) {
  if (event.has_file()) {
    auto const& progress = event.file();
    File& file = Find(progress);
    file.sent = progress.bytes_sent();
    file.size = progress.size();
    file.outcome = progress.outcome();
    file.error = progress.error();
    if (mode_ == Mode::kPlain) return PlainFile(file);
    // What the bar shows: its percentage, or a value past 100 per outcome once it has one.
    int percent = file.outcome != v1::FILE_OUTCOME_UNSPECIFIED ? 101 + file.outcome
                                                               : Percent(file.sent, file.size);
    bool grew = static_cast<int>(files_.size()) > drawn_lines_;
    if (percent == file.shown_percent && !grew) return "";
    file.shown_percent = percent;
    std::string out = absl::StrCat(Rewind(), DrawBars());
    drawn_lines_ = static_cast<int>(files_.size());
    return out;
  }
  if (event.has_message()) {
    if (mode_ == Mode::kPlain || drawn_lines_ == 0) return absl::StrCat(event.message(), "\n");
    // Above the bars: the message takes the first bar line, the bars are drawn below it.
    return absl::StrCat(Rewind(), kClearLine, event.message(), "\n", DrawBars());
  }
  return "";
}

std::string ProgressRenderer::Finish() {
  if (mode_ == Mode::kPlain || drawn_lines_ == 0) return "";
  drawn_lines_ = 0;
  files_.clear();
  return "\n";
}

}  // namespace stablecut::cli
