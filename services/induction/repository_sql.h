#pragma once

// Small helpers shared by the Induction repository files (not part of its
// interface): statements, column readers, person locks, busy entries and time
// claims.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "cppconn/connection.h"
#include "cppconn/datatype.h"
#include "cppconn/prepared_statement.h"
#include "cppconn/resultset.h"
#include "db/statement_cache.h"
#include "services/common/sql_time.h"
#include "services/induction/calendar_rules.h"
#include "services/induction/induction_repository.h"

namespace samen::induction::sqlutil {

using Rows = std::unique_ptr<sql::ResultSet>;

// Entry kinds, states and participant roles as stored.
inline constexpr int kCoaching = 1;
inline constexpr int kLessonVisit = 2;
inline constexpr int kIntervision = 3;
inline constexpr int kRoleCoach = 1;
inline constexpr int kRoleStarter = 2;
// v1::EntryState values are stored as is (1 confirmed ... 4 no-show).
inline constexpr char kActiveStates[] = "(1, 3, 4)";

inline std::unique_ptr<sql::PreparedStatement> Prepare(sql::Connection& c,
                                                       absl::string_view text) {
  return std::unique_ptr<sql::PreparedStatement>(
      c.prepareStatement(sql::SQLString(text.data(), text.size())));
}

// Prepared once per pooled connection; constant SQL text only.
inline sql::PreparedStatement* Cached(sql::Connection& c,
                                      absl::string_view text) {
  return &db::Cached(c, text);
}

inline std::string Str(sql::ResultSet& rs, const char* column) {
  return rs.getString(column).asStdString();
}

inline std::string NullableStr(sql::ResultSet& rs, const char* column) {
  return rs.isNull(column) ? std::string() : rs.getString(column).asStdString();
}

// A DATETIME column; the epoch for an unreadable value (never stored by us).
inline absl::Time TimeCol(sql::ResultSet& rs, const char* column) {
  auto t = ParseSqlDatetime(rs.getString(column).asStdString());
  return t.ok() ? *t : absl::UnixEpoch();
}

inline void SetTime(sql::PreparedStatement& ps, int index, absl::Time t) {
  ps.setString(index, FormatSqlDatetime(t));
}

inline void BindNullable(sql::PreparedStatement& ps, int index,
                         const std::string& value) {
  if (value.empty()) {
    ps.setNull(index, sql::DataType::VARCHAR);
  } else {
    ps.setString(index, value);
  }
}

// "?, ?, ?" for n placeholders (n comes from our own data).
inline std::string Placeholders(size_t n) {
  std::vector<absl::string_view> marks(n, "?");
  return absl::StrJoin(marks, ", ");
}

// Locks the person_locks rows of `person_ids` (creating missing ones) in id
// order, so concurrent calendar writes involving any of them serialise and
// cannot deadlock on each other.
void LockPeople(sql::Connection& c, std::vector<std::string> person_ids);

// Makes sure every id has a person_locks row (autocommit-safe, idempotent).
void EnsurePersonRows(sql::Connection& c, const std::vector<std::string>& ids);

// Active entries (confirmed, held, no-show) `person_id` takes part in that
// overlap [from, to), except `exclude_entry`.
std::vector<BusyEntry> BusyOf(sql::Connection& c, const std::string& person_id,
                              absl::Time from, absl::Time to,
                              const std::string& exclude_entry);

// Inserts the claims of `entry` for each person; a duplicate key (an overlap
// committed by someone else) throws sql::SQLException 1062.
void InsertClaims(sql::Connection& c, const std::string& entry_id,
                  const Interval& when,
                  const std::vector<std::string>& person_ids);
void DeleteClaims(sql::Connection& c, const std::string& entry_id);

// ALREADY_EXISTS (reason SLOT_TAKEN) for a claim that lost the race.
absl::Status SlotTaken();

}  // namespace samen::induction::sqlutil

namespace samen::induction {

// Loaders shared between the repository files.
absl::StatusOr<v1::Programme> LoadProgramme(sql::Connection& c,
                                            const std::string& id, bool lock);
absl::StatusOr<StarterRecord> LoadStarter(sql::Connection& c,
                                          const std::string& id, bool lock);
// The coach's availability; nothing when none is published.
std::optional<AvailabilitySpec> LoadAvailabilitySpec(
    sql::Connection& c, const std::string& coach_id);

}  // namespace samen::induction
