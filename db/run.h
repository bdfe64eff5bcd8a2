#pragma once

// Running a constant statement with its values in one call, and reading the
// one row a lookup finds.
//
//   db::ExecuteUpdate(c, "UPDATE enrolments SET state = ? WHERE id = ?",
//                     state, id);
//   db::Rows rs = db::ExecuteQuery(c, "SELECT n FROM t WHERE id = ?", id);
//   return db::ReadOne(
//       db::ExecuteQuery(c, absl::StrCat(kSelect, " WHERE id = ?",
//                                        db::ForUpdate(lock)), id),
//       ReadRow, [&] { return NotFound(id); });
//
// The text is a constant of the code (prepared once per pooled connection,
// db/statement_cache.h); the values are bound to its placeholders in order,
// each by its type (BindValue). Throws sql::SQLException like the statement.

#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "cppconn/prepared_statement.h"
#include "cppconn/resultset.h"
#include "db/rows.h"
#include "db/statement.h"
#include "db/statement_cache.h"

namespace samen::db {

// Binds `value` to placeholder `index` (from 1) by its type: bool with
// setBoolean, int and enums with setInt, int64_t with setInt64, absl::Time as
// DATETIME(6) text in UTC (BindDatetime), anything else as text (std::string,
// absl::string_view, string literals) with setString.
template <typename T>
void BindValue(sql::PreparedStatement& ps, int index, const T& value) {
  if constexpr (std::is_same_v<T, bool>) {
    ps.setBoolean(index, value);
  } else if constexpr (std::is_same_v<T, int> || std::is_enum_v<T>) {
    ps.setInt(index, value);
  } else if constexpr (std::is_same_v<T, int64_t>) {
    ps.setInt64(index, value);
  } else if constexpr (std::is_same_v<T, absl::Time>) {
    BindDatetime(ps, index, value);
  } else {
    ps.setString(index, std::string(absl::string_view(value)));
  }
}

// Binds `values` to placeholders `first`, `first` + 1, ...; returns the index
// after the last.
template <typename... Values>
int BindValues(sql::PreparedStatement& ps, int first, const Values&... values) {
  int i = first;
  (BindValue(ps, i++, values), ...);
  return i;
}

// Runs the constant statement `text` (INSERT, UPDATE, DELETE) with `values`;
// the number of rows it changed.
template <typename... Values>
int ExecuteUpdate(sql::Connection& c, absl::string_view text,
                  const Values&... values) {
  sql::PreparedStatement& ps = Cached(c, text);
  BindValues(ps, 1, values...);
  return ps.executeUpdate();
}

// Runs the constant query `text` with `values`; its rows.
template <typename... Values>
Rows ExecuteQuery(sql::Connection& c, absl::string_view text,
                  const Values&... values) {
  sql::PreparedStatement& ps = Cached(c, text);
  BindValues(ps, 1, values...);
  return Rows(ps.executeQuery());
}

// The tail of a read that takes the rows' locks when `lock`: " FOR UPDATE".
inline absl::string_view ForUpdate(bool lock) {
  return lock ? " FOR UPDATE" : "";
}

// Deletes the rows of `table` whose `parent_column` is `parent_id` and whose
// `child_column` is none of `keep` (all of the parent's rows when `keep` is
// empty): the first half of replacing a resource's child rows, before those
// kept are upserted. Table and column names are constants of the code. Returns
// the number of rows deleted.
int DeleteChildrenExcept(sql::Connection& c, absl::string_view table,
                         absl::string_view parent_column,
                         absl::string_view parent_id,
                         absl::string_view child_column,
                         const std::vector<std::string>& keep);

namespace internal {
template <typename T>
struct StatusOrOf {
  using type = absl::StatusOr<T>;
};
template <typename T>
struct StatusOrOf<absl::StatusOr<T>> {
  using type = absl::StatusOr<T>;
};
}  // namespace internal

// What `read(row)` makes of the first row of `rs` (a record, or a StatusOr of
// one), or the status `not_found()` makes when there is no row. `rs` is closed
// before it returns, so that the caller may run its next statement.
template <typename Read, typename NotFound>
typename internal::StatusOrOf<
    std::invoke_result_t<Read&, sql::ResultSet&>>::type
ReadOne(Rows rs, Read read, NotFound not_found) {
  if (!rs->next()) {
    return not_found();
  }
  typename internal::StatusOrOf<
      std::invoke_result_t<Read&, sql::ResultSet&>>::type out = read(*rs);
  rs.reset();
  return out;
}

}  // namespace samen::db
