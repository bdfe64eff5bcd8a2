#include "db/rows.h"

#include "absl/strings/str_cat.h"
#include "cppconn/datatype.h"
#include "cppconn/prepared_statement.h"
#include "cppconn/resultset.h"
#include "db/sql_time.h"

namespace samen::db {
namespace {

// SQLSTATE "invalid datetime format".
constexpr char kInvalidDatetimeFormat[] = "22007";

sql::SQLString Label(absl::string_view column) {
  return sql::SQLString(column.data(), column.size());
}

absl::Time ParseOrThrow(const sql::ResultSet& rs, absl::string_view column) {
  absl::StatusOr<absl::Time> t =
      ParseSqlDatetime(rs.getString(Label(column)).asStdString());
  if (!t.ok()) {
    throw UnreadableDatetime(column);
  }
  return *t;
}

}  // namespace

UnreadableDatetime::UnreadableDatetime(absl::string_view column)
    : sql::SQLException(absl::StrCat("column ", column,
                                     " holds a DATETIME that cannot be read"),
                        kInvalidDatetimeFormat, 0),
      column_(column) {}

std::string Str(const sql::ResultSet& rs, absl::string_view column) {
  return rs.getString(Label(column)).asStdString();
}

std::string NullableStr(const sql::ResultSet& rs, absl::string_view column) {
  const sql::SQLString label = Label(column);
  return rs.isNull(label) ? std::string() : rs.getString(label).asStdString();
}

int32_t Int(const sql::ResultSet& rs, absl::string_view column) {
  return rs.getInt(Label(column));
}

int64_t Int64(const sql::ResultSet& rs, absl::string_view column) {
  return rs.getInt64(Label(column));
}

bool Bool(const sql::ResultSet& rs, absl::string_view column) {
  return rs.getBoolean(Label(column));
}

absl::Time Datetime(const sql::ResultSet& rs, absl::string_view column) {
  // NULL reads as "", which is no time either.
  return ParseOrThrow(rs, column);
}

std::optional<absl::Time> NullableDatetime(const sql::ResultSet& rs,
                                           absl::string_view column) {
  if (rs.isNull(Label(column))) {
    return std::nullopt;
  }
  return ParseOrThrow(rs, column);
}

void BindNullable(sql::PreparedStatement& ps, int index,
                  const std::string& value) {
  if (value.empty()) {
    ps.setNull(index, sql::DataType::VARCHAR);
  } else {
    ps.setString(index, value);
  }
}

void BindDatetime(sql::PreparedStatement& ps, int index, absl::Time t) {
  ps.setString(index, FormatSqlDatetime(t));
}

void BindNullableDatetime(sql::PreparedStatement& ps, int index,
                          const std::optional<absl::Time>& t) {
  if (t.has_value()) {
    BindDatetime(ps, index, *t);
  } else {
    ps.setNull(index, sql::DataType::TIMESTAMP);
  }
}

}  // namespace samen::db
