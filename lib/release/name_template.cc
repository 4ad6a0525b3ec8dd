#include "lib/release/name_template.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"

namespace stablecut::release {

std::string ExpandNameTemplate(std::string const& name_template, std::string const& project,
                               std::string const& tag) {
  return absl::StrReplaceAll(name_template, {{"<project>", project}, {"<tag>", tag}});
}

absl::Status ValidateNameTemplate(std::string const& name_template) {
  if (name_template.empty()) return absl::InvalidArgumentError("must not be empty");
  // A placeholder is "<" word ">"; other uses of angle brackets ("a <b") are plain text.
  for (std::size_t open = name_template.find('<'); open != std::string::npos;
       open = name_template.find('<', open + 1)) {
    std::size_t end = open + 1;
    while (end < name_template.size() &&
           (absl::ascii_isalnum(name_template[end]) || name_template[end] == '_' ||
            name_template[end] == '-')) {
      ++end;
    }
    if (end == open + 1 || end >= name_template.size() || name_template[end] != '>') continue;
    std::string placeholder = name_template.substr(open, end - open + 1);
    if (placeholder != "<project>" && placeholder != "<tag>") {
      return absl::InvalidArgumentError(absl::StrCat("unknown placeholder ", placeholder,
                                                     "; the placeholders are <project> and <tag>"));
    }
  }
  return absl::OkStatus();
}

}  // namespace stablecut::release
