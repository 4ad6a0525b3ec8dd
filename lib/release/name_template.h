#pragma once
// Release names from templates: "<project> candidate <tag>".

#include <string>

#include "absl/status/status.h"

namespace stablecut::release {

// `name_template` with <project> and <tag> replaced.
std::string ExpandNameTemplate(std::string const& name_template, std::string const& project,
                               std::string const& tag);

// INVALID_ARGUMENT naming any placeholder other than <project> and <tag> ("<projekt>"):
// a misspelt one would otherwise reach GitHub as literal text in every release name.
absl::Status ValidateNameTemplate(std::string const& name_template);

}  // namespace stablecut::release
