#pragma once

// The one row reader and binder: how a column of a result row becomes a C++
// value, and how a value is bound to a placeholder.
//
//   db::Rows rs(ps.executeQuery());
//   while (rs->next()) {
//     item.id = db::Str(*rs, "id");
//     item.board = db::NullableStr(*rs, "board_id");       // NULL -> ""
//     item.created = db::Datetime(*rs, "create_time");     // may throw
//   }
//
// DATETIME policy: a DATETIME column that cannot be read (MySQL's zero date
// written under a lax sql_mode, NULL in a column read as NOT NULL, text that is
// no time) is an error, never a made-up time. Datetime() throws
// UnreadableDatetime, which derives from sql::SQLException, so the single catch
// that already turns Connector/C++ exceptions into a status
// (db::RunInTransaction, db::RunWithConnection, db::FromSqlException) makes it
// DATA_LOSS "<what>: column <c> holds a DATETIME that cannot be read", and it
// cannot escape a repository that way. Code outside those helpers that reads
// rows catches sql::SQLException as it must anyway.

#include <cstdint>
#include <optional>
#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "cppconn/exception.h"

namespace sql {
class PreparedStatement;
class ResultSet;
}  // namespace sql

namespace samen::db {

// A DATETIME column whose value cannot be read. Carries the column's name (a
// constant of the code), never the value.
class UnreadableDatetime : public sql::SQLException {
 public:
  explicit UnreadableDatetime(absl::string_view column);
  const std::string& column() const { return column_; }

 private:
  std::string column_;
};

// ---- Reading the current row (column names are constants of the code).

// A NOT NULL text column.
std::string Str(const sql::ResultSet& rs, absl::string_view column);
// A text column that may be NULL: NULL reads as "".
std::string NullableStr(const sql::ResultSet& rs, absl::string_view column);
int32_t Int(const sql::ResultSet& rs, absl::string_view column);
int64_t Int64(const sql::ResultSet& rs, absl::string_view column);
bool Bool(const sql::ResultSet& rs, absl::string_view column);
// A NOT NULL DATETIME column (UTC). Throws UnreadableDatetime for a value that
// is not a time, NULL included.
absl::Time Datetime(const sql::ResultSet& rs, absl::string_view column);
// A DATETIME column that may be NULL: nullopt for NULL; throws
// UnreadableDatetime for a value that is not a time.
std::optional<absl::Time> NullableDatetime(const sql::ResultSet& rs,
                                           absl::string_view column);

// ---- Binding (placeholders are numbered from 1).

// `value`, or NULL when it is empty.
void BindNullable(sql::PreparedStatement& ps, int index,
                  const std::string& value);
// `t` as DATETIME(6) text in UTC.
void BindDatetime(sql::PreparedStatement& ps, int index, absl::Time t);
// `t`, or NULL when there is none.
void BindNullableDatetime(sql::PreparedStatement& ps, int index,
                          const std::optional<absl::Time>& t);

}  // namespace samen::db
