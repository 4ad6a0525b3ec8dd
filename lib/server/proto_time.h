// absl::Time to google.protobuf.Timestamp, for the responses every service fills.
#ifndef STABLECUT_LIB_SERVER_PROTO_TIME_H_
#define STABLECUT_LIB_SERVER_PROTO_TIME_H_

#include <google/protobuf/timestamp.pb.h>

#include "absl/time/time.h"

namespace stablecut::server {

// Whole seconds since the epoch and the nanoseconds within that second, always
// 0..999999999 as the Timestamp type requires (so an instant before 1970 rounds the
// seconds down, not toward zero).
google::protobuf::Timestamp ToTimestamp(absl::Time time);

}  // namespace stablecut::server

#endif  // STABLECUT_LIB_SERVER_PROTO_TIME_H_
