#include "lib/server/proto_time.h"

#include <cstdint>

namespace stablecut::server {

google::protobuf::Timestamp ToTimestamp(absl::Time time) {
  absl::Time const second = absl::FromUnixSeconds(absl::ToUnixSeconds(time));
  google::protobuf::Timestamp timestamp;
  timestamp.set_seconds(absl::ToUnixSeconds(time));
  timestamp.set_nanos(static_cast<std::int32_t>(absl::ToInt64Nanoseconds(time - second)));
  return timestamp;
}

}  // namespace stablecut::server
