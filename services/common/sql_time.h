#pragma once

// Times as MySQL DATETIME(6) text in UTC ("2026-11-23 01:43:00.123456"), and as
// google.protobuf.Timestamp. Repositories bind and read times through these.

#include <string>
#include "absl/strings/string_view.h"

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "google/protobuf/timestamp.pb.h"

namespace samen {

// Truncated to microseconds, the precision DATETIME(6) stores.
std::string FormatSqlDatetime(absl::Time t);
absl::StatusOr<absl::Time> ParseSqlDatetime(absl::string_view text);

// absl::Now() truncated to microseconds, so what is returned equals what is
// stored.
absl::Time NowMicros();

void ToTimestamp(absl::Time t, google::protobuf::Timestamp* out);

}  // namespace samen
