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
#include "db/where.h"

#include "services/common/errors.h"

namespace samen::induction::calendar {

namespace {

std::vector<std::string> SortedUnique(std::vector<std::string> ids) {
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  return ids;
}

// A statement over a list of `n` people: cached for the one or two people of
// a booking (the text recurs), prepared once for a longer list.
constexpr size_t kCachedPeople = 2;

}  // namespace

void EnsurePersonRows(sql::Connection& c, const std::vector<std::string>& ids) {
  const std::vector<std::string> people = SortedUnique(ids);
  if (people.empty()) {
    return;
  }
  std::vector<absl::string_view> rows(people.size(), "(?)");
  db::Statement ps(c,
                   absl::StrCat("INSERT IGNORE INTO person_locks (person_id) "
                                "VALUES ",
                                absl::StrJoin(rows, ", ")),
                   people.size() <= kCachedPeople);
  int i = 1;
  for (const auto& id : people) {
    ps->setString(i++, id);
  }
  ps->executeUpdate();
}

void LockPeople(sql::Connection& c, std::vector<std::string> person_ids) {
  const std::vector<std::string> people = SortedUnique(std::move(person_ids));
  if (people.empty()) {
    return;
  }
  // One statement: InnoDB walks the primary key's ranges in ascending order,
  // so the rows are locked in id order as with one statement each.
  db::Statement ps(
      c,
      absl::StrCat("SELECT person_id FROM person_locks WHERE "
                   "person_id IN (",
                   db::Placeholders(people.size()), ") FOR UPDATE"),
      people.size() <= kCachedPeople);
  const auto lock = [&] {
    int i = 1;
    for (const auto& id : people) {
      ps->setString(i++, id);
    }
    db::Rows rs(ps->executeQuery());
    size_t locked = 0;
    while (rs->next()) {
      ++locked;
    }
    return locked;
  };
  if (lock() < people.size()) {
    // First calendar write for someone: create the missing rows (locked by
    // the insert until commit), then lock the list again.
    EnsurePersonRows(c, people);
    lock();
  }
}

std::vector<BusyEntry> BusyOf(sql::Connection& c, const std::string& person_id,
                              absl::Time from, absl::Time to,
                              const std::string& exclude_entry) {
  return std::move(BusyOfEach(c, {person_id}, from, to, exclude_entry).front());
}

std::vector<std::vector<BusyEntry>> BusyOfEach(
    sql::Connection& c, const std::vector<std::string>& person_ids,
    absl::Time from, absl::Time to, const std::string& exclude_entry) {
  // Through the people's time claims (primary key (person_id, quantum)): a
  // range of the window's quanta per person, however long their history.
  // Every active entry claims each 5-minute quantum it covers for each
  // participant, and entries start and end on quanta, so the claims in
  // (from - quantum, to) find exactly the entries overlapping [from, to); the
  // overlap test stays as the definition.
  db::Statement ps(
      c,
      absl::StrCat(
          "SELECT DISTINCT t.person_id, e.id, e.start_time, e.end_time, "
          "e.coach_id FROM time_claims t JOIN calendar_entries e ON e.id = "
          "t.entry_id WHERE t.person_id IN (",
          db::Placeholders(person_ids.size()),
          ") AND t.quantum > ? AND t.quantum < ? AND e.state IN (1, 3, 4) "
          "AND e.start_time < ? AND e.end_time > ? AND e.id <> ? ORDER BY "
          "e.start_time"),
      person_ids.size() <= kCachedPeople);
  int i = 1;
  for (const auto& id : person_ids) {
    ps->setString(i++, id);
  }
  db::BindDatetime(*ps, i++, from - kQuantum);
  db::BindDatetime(*ps, i++, to);
  db::BindDatetime(*ps, i++, to);
  db::BindDatetime(*ps, i++, from);
  ps->setString(i, exclude_entry);
  db::Rows rs(ps->executeQuery());
  std::vector<std::vector<BusyEntry>> out(person_ids.size());
  while (rs->next()) {
    const std::string person = db::Str(*rs, "person_id");
    BusyEntry b;
    b.id = db::Str(*rs, "id");
    b.when = {db::Datetime(*rs, "start_time"), db::Datetime(*rs, "end_time")};
    b.coach_leads = db::Str(*rs, "coach_id") == person;
    for (size_t k = 0; k < person_ids.size(); ++k) {
      if (person_ids[k] == person) {
        out[k].push_back(b);
      }
    }
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
  db::Statement ps(
      c,
      absl::StrCat(
          "INSERT INTO time_claims (person_id, quantum, entry_id) VALUES ",
          absl::StrJoin(tuples, ", ")),
      person_ids.size() <= kCachedPeople);
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
