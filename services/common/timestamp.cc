#include "services/common/timestamp.h"

#include <cstdint>

namespace samen {

void ToTimestamp(absl::Time t, google::protobuf::Timestamp* out) {
  const int64_t micros = absl::ToUnixMicros(t);
  int64_t seconds = micros / 1000000;
  int64_t rem = micros % 1000000;
  if (rem < 0) {
    rem += 1000000;
    --seconds;
  }
  out->set_seconds(seconds);
  out->set_nanos(static_cast<int32_t>(rem * 1000));
}

}  // namespace samen

namespace samen {

const absl::TimeZone& AmsterdamZone() {
  static const absl::TimeZone* tz = [] {
    auto* zone = new absl::TimeZone;
    if (!absl::LoadTimeZone("Europe/Amsterdam", zone)) {
      std::abort();
    }
    return zone;
  }();
  return *tz;
}

}  // namespace samen
