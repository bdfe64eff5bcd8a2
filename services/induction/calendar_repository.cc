#include "services/induction/calendar_repository.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "cppconn/prepared_statement.h"
#include "cppconn/resultset.h"
#include "db/rows.h"
#include "db/run.h"
#include "db/statement.h"
#include "db/statement_cache.h"
#include "db/transaction.h"

#include "services/common/errors.h"

namespace samen::induction::calendar {

void EnsurePersonRows(sql::Connection& c, const std::vector<std::string>& ids) {
  auto* ps =
      &db::Cached(c, "INSERT IGNORE INTO person_locks (person_id) VALUES (?)");
  for (const auto& id : ids) {
    ps->setString(1, id);
    ps->executeUpdate();
  }
}

void LockPeople(sql::Connection& c, std::vector<std::string> person_ids) {
  std::sort(person_ids.begin(), person_ids.end());
  person_ids.erase(std::unique(person_ids.begin(), person_ids.end()),
                   person_ids.end());
  auto* ps = &db::Cached(
      c, "SELECT person_id FROM person_locks WHERE person_id = ? FOR UPDATE");
  for (const auto& id : person_ids) {
    ps->setString(1, id);
    db::Rows rs(ps->executeQuery());
    if (!rs->next()) {
      rs.reset();
      // First calendar write for this person: create the row (locked by the
      // insert until commit).
      EnsurePersonRows(c, {id});
      ps->setString(1, id);
      db::Rows again(ps->executeQuery());
    }
  }
}

std::vector<BusyEntry> BusyOf(sql::Connection& c, const std::string& person_id,
                              absl::Time from, absl::Time to,
                              const std::string& exclude_entry) {
  // Through the person's time claims (primary key (person_id, quantum)): a
  // range of the window's quanta, however long the person's history. Every
  // active entry claims each 5-minute quantum it covers for each participant,
  // and entries start and end on quanta, so the claims in (from - quantum,
  // to) find exactly the entries overlapping [from, to); the overlap test
  // stays as the definition.
  auto* ps = &db::Cached(
      c,
      "SELECT DISTINCT e.id, e.start_time, e.end_time, e.coach_id FROM "
      "time_claims t JOIN calendar_entries e ON e.id = t.entry_id WHERE "
      "t.person_id = ? AND t.quantum > ? AND t.quantum < ? AND e.state IN "
      "(1, 3, 4) AND e.start_time < ? AND e.end_time > ? AND e.id <> ? ORDER "
      "BY e.start_time");
  ps->setString(1, person_id);
  db::BindDatetime(*ps, 2, from - kQuantum);
  db::BindDatetime(*ps, 3, to);
  db::BindDatetime(*ps, 4, to);
  db::BindDatetime(*ps, 5, from);
  ps->setString(6, exclude_entry);
  db::Rows rs(ps->executeQuery());
  std::vector<BusyEntry> out;
  while (rs->next()) {
    BusyEntry b;
    b.id = db::Str(*rs, "id");
    b.when = {db::Datetime(*rs, "start_time"), db::Datetime(*rs, "end_time")};
    b.coach_leads = db::Str(*rs, "coach_id") == person_id;
    out.push_back(std::move(b));
  }
  return out;
}

void InsertClaims(sql::Connection& c, const std::string& entry_id,
                  const Interval& when,
                  const std::vector<std::string>& person_ids) {
  const std::vector<absl::Time> quanta = ClaimQuanta(when);
  if (quanta.empty() || person_ids.empty()) {
    return;
  }
  const size_t rows = quanta.size() * person_ids.size();
  std::vector<absl::string_view> tuples(rows, "(?, ?, ?)");
  auto ps = db::Prepare(
      c, absl::StrCat(
             "INSERT INTO time_claims (person_id, quantum, entry_id) VALUES ",
             absl::StrJoin(tuples, ", ")));
  int i = 1;
  for (const auto& person : person_ids) {
    for (absl::Time q : quanta) {
      ps->setString(i++, person);
      ps->setString(
          i++, absl::FormatTime("%Y-%m-%d %H:%M:%S", q, absl::UTCTimeZone()));
      ps->setString(i++, entry_id);
    }
  }
  ps->executeUpdate();
}

void DeleteClaims(sql::Connection& c, const std::string& entry_id) {
  auto* ps = &db::Cached(c, "DELETE FROM time_claims WHERE entry_id = ?");
  ps->setString(1, entry_id);
  ps->executeUpdate();
}

absl::Status SlotTaken() {
  return WithReason(absl::AlreadyExistsError(
                        "that time was just taken by another booking; pick "
                        "another slot"),
                    "SLOT_TAKEN");
}

}  // namespace samen::induction::calendar

namespace samen::induction {

absl::StatusOr<int> InductionRepository::PrunePastClaims(absl::Time before,
                                                         int limit,
                                                         absl::Time deadline) {
  // Through ix_claims_quantum from the oldest claim: a batch reads what it
  // deletes, and stops at the first claim at or after `before`. The entry's
  // end is checked too, so that a claim of a session still running (or of an
  // entry moved into the future meanwhile) is never deleted.
  return db::WithConnection<int>(
      *pool_, deadline, "prune past time claims",
      [&](sql::Connection& c) -> absl::StatusOr<int> {
        return db::ExecuteUpdate(
            c,
            absl::StrCat(
                "DELETE FROM time_claims WHERE quantum < ? AND EXISTS "
                "(SELECT 1 FROM calendar_entries e WHERE e.id = "
                "time_claims.entry_id AND e.end_time < ?) ORDER BY quantum "
                "LIMIT ",
                limit),
            before, before);
      });
}

}  // namespace samen::induction
