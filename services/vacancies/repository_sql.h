#pragma once

// Small helpers shared by the Partners repository files (not part of its
// interface).

#include <memory>
#include <string>
#include <vector>
#include "absl/strings/string_view.h"

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/time.h"
#include "cppconn/connection.h"
#include "cppconn/datatype.h"
#include "cppconn/prepared_statement.h"
#include "cppconn/resultset.h"
#include "db/statement_cache.h"
#include "services/common/sql_time.h"

namespace samen::vacancies::sqlutil {

using Rows = std::unique_ptr<sql::ResultSet>;

inline std::unique_ptr<sql::PreparedStatement> Prepare(sql::Connection& c,
                                                       absl::string_view text) {
  return std::unique_ptr<sql::PreparedStatement>(
      c.prepareStatement(sql::SQLString(text.data(), text.size())));
}

// A statement prepared once per pooled connection (db/statement_cache.h); for
// constant SQL text only.
inline sql::PreparedStatement* Cached(sql::Connection& c,
                                      absl::string_view text) {
  return &db::Cached(c, text);
}

// A statement cached per connection when `cache` (its text recurs), else
// prepared for this one use (e.g. an IN list whose length varies).
class Statement {
 public:
  Statement(sql::Connection& c, const std::string& text, bool cache) {
    if (cache) {
      ps_ = &db::Cached(c, text);
    } else {
      owned_.reset(c.prepareStatement(text));
      ps_ = owned_.get();
    }
  }
  sql::PreparedStatement* operator->() const { return ps_; }

 private:
  std::unique_ptr<sql::PreparedStatement> owned_;
  sql::PreparedStatement* ps_ = nullptr;
};

inline std::string Str(sql::ResultSet& rs, const char* column) {
  return rs.getString(column).asStdString();
}

inline std::string NullableStr(sql::ResultSet& rs, const char* column) {
  return rs.isNull(column) ? std::string() : rs.getString(column).asStdString();
}

inline void BindNullable(sql::PreparedStatement& ps, int index,
                         const std::string& value) {
  if (value.empty()) {
    ps.setNull(index, sql::DataType::VARCHAR);
  } else {
    ps.setString(index, value);
  }
}

inline absl::StatusOr<absl::Time> Time(sql::ResultSet& rs, const char* column) {
  return ParseSqlDatetime(rs.getString(column).asStdString());
}

// "?, ?, ?" for n placeholders (n comes from our own data, never from request
// text).
inline std::string Placeholders(size_t n) {
  std::vector<absl::string_view> marks(n, "?");
  return absl::StrJoin(marks, ", ");
}

// Enum lists stored as comma-separated names ("VO,MBO").
template <typename Enum, typename NameFn>
std::string JoinEnums(const google::protobuf::RepeatedField<int>& values,
                      NameFn name) {
  std::vector<std::string> names;
  for (int v : values) {
    names.push_back(name(static_cast<Enum>(v)));
  }
  return absl::StrJoin(names, ",");
}

template <typename Enum, typename ParseFn>
std::vector<Enum> SplitEnums(absl::string_view csv, ParseFn parse) {
  std::vector<Enum> out;
  for (absl::string_view part : absl::StrSplit(csv, ',', absl::SkipEmpty())) {
    Enum e;
    if (parse(std::string(part), &e)) {
      out.push_back(e);
    }
  }
  return out;
}

}  // namespace samen::vacancies::sqlutil
