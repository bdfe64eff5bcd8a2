#pragma once

// absl::Time as google.protobuf.Timestamp, for the responses every service
// builds.

#include "absl/time/time.h"
#include "google/protobuf/timestamp.pb.h"

namespace samen {

// Whole microseconds (what DATETIME(6) stores); times before 1970 too.
void ToTimestamp(absl::Time t, google::protobuf::Timestamp* out);
// The same, returned.
inline google::protobuf::Timestamp ToProtoTimestamp(absl::Time t) {
  google::protobuf::Timestamp out;
  ToTimestamp(t, &out);
  return out;
}

}  // namespace samen

namespace samen {

// Europe/Amsterdam, loaded once from tzdata (a runtime dependency: without it
// every local time would be wrong, so the process aborts rather than fall
// back to UTC). Every rule about local days and times computes in it.
const absl::TimeZone& AmsterdamZone();

}  // namespace samen
