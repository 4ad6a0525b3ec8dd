#pragma once
// A plain-text table with aligned columns, as `gh` prints lists: no borders, two spaces
// between columns, the last column unpadded.

#include <string>
#include <vector>

namespace stablecut::cli {

class Table {
 public:
  explicit Table(std::vector<std::string> header) : header_(std::move(header)) {}

  // Cells may hold colour escapes and UTF-8; widths count what shows (DisplayWidth).
  // A row shorter than the header is padded with empty cells.
  void AddRow(std::vector<std::string> cells) { rows_.push_back(std::move(cells)); }
  bool empty() const { return rows_.empty(); }

  // The header (when not empty), then the rows; every line ends in "\n".
  std::string Render() const;

 private:
  std::vector<std::string> header_;
  std::vector<std::vector<std::string>> rows_;
};

}  // namespace stablecut::cli
