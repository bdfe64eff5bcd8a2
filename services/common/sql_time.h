#pragma once

// Transitional, for the vacancy_* and webhook_* files only until they move to
// services/vacancies/: include "db/sql_time.h" (FormatSqlDatetime,
// ParseSqlDatetime, NowMicros) and "services/common/timestamp.h"
// (ToTimestamp) instead. Nothing is defined here.

#include "db/sql_time.h"
#include "services/common/timestamp.h"

namespace samen {

using db::FormatSqlDatetime;
using db::NowMicros;
using db::ParseSqlDatetime;

}  // namespace samen
