#include "db/sql_time.h"

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"

namespace samen::db {

std::string FormatSqlDatetime(absl::Time t) {
  return absl::FormatTime("%Y-%m-%d %H:%M:%E6S", t, absl::UTCTimeZone());
}

absl::StatusOr<absl::Time> ParseSqlDatetime(absl::string_view text) {
  absl::Time t;
  std::string err;
  if (!absl::ParseTime("%Y-%m-%d %H:%M:%E*S", std::string(text),
                       absl::UTCTimeZone(), &t, &err)) {
    return absl::InvalidArgumentError(
        absl::StrCat("unreadable DATETIME value: ", err));
  }
  return t;
}

absl::Time NowMicros() {
  return absl::FromUnixMicros(absl::ToUnixMicros(absl::Now()));
}

}  // namespace samen::db
