#pragma once

// Transitional names for the Partners and Vacancies repository files, all
// defined in db/ (db/statement.h, db/rows.h, db/where.h, db/list_column.h):
// new code includes those and calls db:: directly. Goes when the vacancy_* and
// webhook_* files have moved to services/vacancies/.
//
// Time() follows db/rows.h's DATETIME policy: an unreadable value throws
// db::UnreadableDatetime (DATA_LOSS through db/transaction.h); the StatusOr it
// returns is always OK.

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/time.h"
#include "cppconn/connection.h"
#include "cppconn/datatype.h"
#include "cppconn/prepared_statement.h"
#include "cppconn/resultset.h"
#include "db/list_column.h"
#include "db/rows.h"
#include "db/statement.h"
#include "db/statement_cache.h"
#include "db/where.h"
#include "services/common/sql_time.h"

namespace samen::partners::sqlutil {

using db::BindNullable;
using db::JoinEnums;
using db::NullableStr;
using db::Placeholders;
using db::Prepare;
using db::Rows;
using db::SplitEnums;
using db::Statement;
using db::Str;

inline sql::PreparedStatement* Cached(sql::Connection& c,
                                      absl::string_view text) {
  return &db::Cached(c, text);
}

inline absl::StatusOr<absl::Time> Time(sql::ResultSet& rs, const char* column) {
  return db::Datetime(rs, column);
}

}  // namespace samen::partners::sqlutil
