#pragma once
// `--output json`: a response message as one line of JSON, for scripts.

#include <string>

#include "absl/status/statusor.h"

namespace google::protobuf {
class Message;
}  // namespace google::protobuf

namespace stablecut::cli {

// The proto3 JSON mapping (lowerCamelCase names, enums by name, int64 as strings), every
// field present even when it holds its default (a script reads `approved: false`, not a
// missing key), on one line with its "\n". INTERNAL when protobuf cannot print it.
absl::StatusOr<std::string> JsonLine(google::protobuf::Message const& message);

}  // namespace stablecut::cli
