#pragma once

// Times as MySQL DATETIME(6) text in UTC ("2026-11-23 01:43:00.123456"): how
// every statement binds a time and how every DATETIME column is read
// (db/rows.h builds its readers and binders on these).

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace samen::db {

// Truncated to microseconds, the precision DATETIME(6) stores.
std::string FormatSqlDatetime(absl::Time t);

// Reads "YYYY-MM-DD HH:MM:SS[.ffffff]" as UTC. INVALID_ARGUMENT for anything
// else, including MySQL's zero date "0000-00-00 00:00:00".
absl::StatusOr<absl::Time> ParseSqlDatetime(absl::string_view text);

// absl::Now() truncated to microseconds, so that what is returned equals what
// is stored.
absl::Time NowMicros();

}  // namespace samen::db
