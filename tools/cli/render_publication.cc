#include "tools/cli/render_publication.h"

#include "absl/strings/str_cat.h"
#include "tools/cli/table.h"
#include "tools/cli/units.h"

namespace stablecut::cli {
namespace {

std::string PaintOutcome(v1::FileProgress const& file, Style const& style) {
  std::string name = OutcomeName(file.outcome());
  switch (file.outcome()) {
    case v1::FILE_OUTCOME_UPLOADED:
      return style.Green(name);
    case v1::FILE_OUTCOME_FAILED:
      return style.Red(absl::StrCat(name, ": ", file.error()));
    default:
      return name;
  }
}

}  // namespace

std::string OutcomeName(v1::FileOutcome outcome) {
  switch (outcome) {
    case v1::FILE_OUTCOME_UPLOADED:
      return "uploaded";
    case v1::FILE_OUTCOME_SKIPPED_EXISTING:
      return "already there";
    case v1::FILE_OUTCOME_FAILED:
      return "FAILED";
    default:
      return "in progress";
  }
}

std::string RenderPublishSummary(v1::Publication const& publication, Style const& style) {
  std::string out;
  if (!publication.files().empty()) {
    Table table({style.Bold("FILE"), style.Bold("TARGET"), style.Bold("SIZE"),
                 style.Bold("OUTCOME")});
    for (auto const& file : publication.files()) {
      table.AddRow({file.name(), file.target(), FormatBytes(file.size()), PaintOutcome(file, style)});
    }
    out = table.Render();
  }
  if (publication.dry_run()) {
    absl::StrAppend(&out, "Dry run of ", style.Bold(publication.tag()),
                    ": nothing uploaded or promoted\n");
  } else if (publication.promoted()) {
    absl::StrAppend(&out, "Published ", style.Bold(publication.tag()), ": ",
                    style.Green("promoted to stable"), "\n");
  } else {
    absl::StrAppend(&out, "Published ", style.Bold(publication.tag()), ": not promoted\n");
  }
  return out;
}

std::string RenderPublication(v1::Publication const& publication, Style const& style) {
  std::string out = absl::StrCat(
      style.Bold(publication.tag()), ": ",
      publication.promoted() ? style.Green("promoted") : "not promoted", "\n");
  if (!publication.in_flight_by().empty()) {
    absl::StrAppend(&out, "publishing now: by ", publication.in_flight_by(), " since ",
                    FormatTimestamp(publication.in_flight_since()), "\n");
  }
  Table table({style.Bold("TARGET"), style.Bold("FILE"), style.Bold("SIZE"),
               style.Bold("SHA256")});
  for (auto const& target : publication.targets()) {
    if (target.files().empty()) table.AddRow({target.target(), "(none)"});
    for (auto const& file : target.files()) {
      table.AddRow({target.target(), file.filename(), FormatBytes(file.size()), file.sha256()});
    }
  }
  if (!table.empty()) absl::StrAppend(&out, table.Render());
  absl::StrAppend(&out, "audit records: ", publication.audit_records_size(), "\n");
  return out;
}

}  // namespace stablecut::cli
