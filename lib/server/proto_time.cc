#include "lib/server/proto_time.h"

#include <google/protobuf/util/time_util.h>

namespace stablecut::server {

google::protobuf::Timestamp ToTimestamp(absl::Time time) {
  return google::protobuf::util::TimeUtil::NanosecondsToTimestamp(absl::ToUnixNanos(time));
}

}  // namespace stablecut::server
