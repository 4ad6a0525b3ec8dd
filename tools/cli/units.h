#pragma once
// How the CLI writes times and sizes for people.

#include <cstdint>
#include <string>

namespace google::protobuf {
class Timestamp;
}  // namespace google::protobuf

namespace stablecut::cli {

// "2026-11-27 09:30 UTC"; "-" when unset (seconds and nanos 0).
std::string FormatTimestamp(google::protobuf::Timestamp const& timestamp);

// "512 B", "4.0 KiB", "3.9 MiB", "1.2 GiB".
std::string FormatBytes(int64_t bytes);

}  // namespace stablecut::cli
