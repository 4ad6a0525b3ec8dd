#include "tools/cli/json_output.h"

#include <google/protobuf/message.h>
#include <google/protobuf/util/json_util.h>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace stablecut::cli {

absl::StatusOr<std::string> JsonLine(google::protobuf::Message const& message) {
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = false;
  options.always_print_primitive_fields = true;
  std::string json;
  auto status = google::protobuf::util::MessageToJsonString(message, &json, options);
  if (!status.ok()) {
    return absl::InternalError(absl::StrCat("cannot print ", message.GetTypeName(),
                                            " as JSON: ", status.ToString()));
  }
  json.push_back('\n');
  return json;
}

}  // namespace stablecut::cli
