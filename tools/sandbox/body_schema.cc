// Type checks of request bodies.
#include "tools/sandbox/body_schema.h"

#include "absl/strings/str_cat.h"

namespace stablecut::sandbox {
namespace {

bool HasType(nlohmann::json const& value, JsonType type) {
  switch (type) {
    case JsonType::kString:
      return value.is_string();
    case JsonType::kBoolean:
      return value.is_boolean();
    case JsonType::kObject:
      return value.is_object();
    case JsonType::kInteger:
      return value.is_number_integer();
    case JsonType::kArray:
      return value.is_array();
  }
  return false;
}

char const* TypeName(JsonType type) {
  switch (type) {
    case JsonType::kString:
      return "string";
    case JsonType::kBoolean:
      return "boolean";
    case JsonType::kObject:
      return "object";
    case JsonType::kInteger:
      return "integer";
    case JsonType::kArray:
      return "array";
  }
  return "value";
}

}  // namespace

void InvalidRequest(Call& call, std::string const& detail) {
  call.Error(422, absl::StrCat("Invalid request.\n\n", detail));
}

bool CheckFieldTypes(Call& call, nlohmann::json const& body,
                     std::initializer_list<FieldType> fields) {
  for (FieldType const& field : fields) {
    if (!body.contains(field.name)) continue;
    nlohmann::json const& value = body[field.name];
    if (HasType(value, field.type)) continue;
    InvalidRequest(
        call, absl::StrCat(
                  "For 'properties/", field.name, "', ", value.dump(), " is not a",
                  field.type == JsonType::kObject || field.type == JsonType::kInteger ||
                          field.type == JsonType::kArray
                      ? "n "
                      : " ",
                  TypeName(field.type), "."));
    return false;
  }
  return true;
}

}  // namespace stablecut::sandbox
