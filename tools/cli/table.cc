#include "tools/cli/table.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "tools/cli/style.h"

namespace stablecut::cli {
namespace {

void AppendRow(std::vector<std::string> const& cells, std::vector<int> const& widths,
               std::string* out) {
  std::string line;
  for (size_t i = 0; i < widths.size(); ++i) {
    std::string const cell = i < cells.size() ? cells[i] : "";
    absl::StrAppend(&line, cell);
    if (i + 1 < widths.size()) {
      line.append(widths[i] - DisplayWidth(cell) + 2, ' ');
    }
  }
  // An empty last cell leaves trailing spaces: drop them.
  line.erase(line.find_last_not_of(' ') + 1);
  absl::StrAppend(out, line, "\n");
}

}  // namespace

std::string Table::Render() const {
  size_t columns = header_.size();
  for (auto const& row : rows_) columns = std::max(columns, row.size());
  std::vector<int> widths(columns, 0);
  auto measure = [&](std::vector<std::string> const& cells) {
    for (size_t i = 0; i < cells.size(); ++i) {
      widths[i] = std::max(widths[i], DisplayWidth(cells[i]));
    }
  };
  measure(header_);
  for (auto const& row : rows_) measure(row);
  std::string out;
  if (!header_.empty()) AppendRow(header_, widths, &out);
  for (auto const& row : rows_) AppendRow(row, widths, &out);
  return out;
}

}  // namespace stablecut::cli
