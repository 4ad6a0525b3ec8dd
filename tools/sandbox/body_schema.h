#pragma once
// JSON body type checks answered as GitHub does: 422 "Invalid request.\n\nFor
// 'properties/<field>', <value> is not a <type>." (docs/reference/github.md §1, §5.2).

#include <initializer_list>
#include <string>

#include <nlohmann/json.hpp>

#include "tools/sandbox/github_router.h"

namespace stablecut::sandbox {

enum class JsonType { kString, kBoolean, kObject, kInteger, kArray };

struct FieldType {
  char const* name;
  JsonType type;
};

// Checks each present field's type; answers 422 for the first mismatch and returns false.
bool CheckFieldTypes(Call& call, nlohmann::json const& body,
                     std::initializer_list<FieldType> fields);

// Answers 422 "Invalid request.\n\n<detail>".
void InvalidRequest(Call& call, std::string const& detail);

}  // namespace stablecut::sandbox
