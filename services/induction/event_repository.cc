// Lesson visits and intervision meetings: entries on the same calendar as
// bookings, with the same person locks, overlap claims, buffer and daily
// maximum.

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "cppconn/connection.h"
#include "cppconn/exception.h"
#include "cppconn/prepared_statement.h"
#include "cppconn/resultset.h"
#include "db/errors.h"
#include "db/keyset.h"
#include "db/rows.h"
#include "db/run.h"
#include "db/sql_time.h"
#include "db/statement.h"
#include "db/statement_cache.h"
#include "db/transaction.h"
#include "db/where.h"
#include "services/common/errors.h"
#include "services/common/status_macros.h"
#include "services/common/stored_resource.h"
#include "services/common/timestamp.h"
#include "services/induction/calendar_repository.h"
#include "services/induction/induction_repository.h"
#include "services/induction/names.h"

namespace samen::induction {
namespace {

using db::Rows;
using db::Str;

constexpr char kSelect[] =
    "SELECT id, kind, coach_id, title, start_time, end_time, state, location, "
    "ical_uid, sequence, create_time, update_time FROM calendar_entries";

EventRecord ReadRow(sql::ResultSet& rs) {
  EventRecord r;
  v1::Event& e = r.event;
  e.set_name(absl::StrCat("events/", Str(rs, "id")));
  e.set_kind(rs.getInt("kind") == calendar::kLessonVisit
                 ? v1::Event::LESSON_VISIT
                 : v1::Event::INTERVISION);
  r.coach_id = Str(rs, "coach_id");
  e.set_coach(absl::StrCat("people/", r.coach_id));
  e.set_title(Str(rs, "title"));
  ToTimestamp(db::Datetime(rs, "start_time"), e.mutable_start_time());
  ToTimestamp(db::Datetime(rs, "end_time"), e.mutable_end_time());
  e.set_state(static_cast<v1::EntryState>(rs.getInt("state")));
  e.set_location(Str(rs, "location"));
  e.set_ical_uid(Str(rs, "ical_uid"));
  e.set_sequence(rs.getInt("sequence"));
  ToTimestamp(db::Datetime(rs, "create_time"), e.mutable_create_time());
  ToTimestamp(db::Datetime(rs, "update_time"), e.mutable_update_time());
  return r;
}

void LoadStarters(sql::Connection& c, EventRecord* r) {
  Rows rs = db::ExecuteQuery(c,
                             "SELECT person_id FROM entry_participants WHERE "
                             "entry_id = ? AND role = 2 ORDER BY person_id",
                             r->event.name().substr(sizeof("events/") - 1));
  while (rs->next()) {
    const std::string id = Str(*rs, "person_id");
    r->starter_ids.push_back(id);
    r->event.add_starters(absl::StrCat("starters/", id));
  }
}

absl::StatusOr<EventRecord> Load(sql::Connection& c, const std::string& id,
                                 bool lock) {
  ASSIGN_OR_RETURN(
      EventRecord r,
      LoadById(c, absl::StrCat(kSelect, " WHERE id = ? AND kind IN (2, 3)"),
               "events", id, lock, ReadRow));
  LoadStarters(c, &r);
  return r;
}

absl::Time From(const google::protobuf::Timestamp& t) {
  return absl::FromUnixSeconds(t.seconds()) + absl::Nanoseconds(t.nanos());
}

// The event's starters are active and coached by `coach_id`; returns the
// programme year of the last (a lesson visit has one starter).
absl::StatusOr<int> CheckStarters(sql::Connection& c,
                                  const std::vector<std::string>& starters,
                                  const std::string& coach_id) {
  int year = 0;
  for (const auto& id : starters) {
    auto s = LoadStarter(c, id, false);
    if (!s.ok()) {
      return absl::FailedPreconditionError(
          absl::StrCat("event.starters: ", s.status().message()));
    }
    const auto& coaches = s->scope.coach_ids;
    if (std::find(coaches.begin(), coaches.end(), coach_id) == coaches.end()) {
      return absl::PermissionDeniedError(
          absl::StrCat("event.starters: you do not coach starters/", id));
    }
    if (s->starter.status() != v1::Starter::ACTIVE) {
      return absl::FailedPreconditionError(
          absl::StrCat("event.starters: starters/", id, " is not active"));
    }
    year = s->starter.current_year();
  }
  return year;
}

// The coach is free at `when` (with their buffer) and below their daily
// maximum; the starters are free.
absl::Status CheckEveryoneFree(sql::Connection& c, const Interval& when,
                               const std::string& coach_id,
                               const std::vector<std::string>& starters) {
  const auto availability = LoadAvailabilitySpec(c, coach_id);
  const absl::Duration buffer =
      availability ? absl::Minutes(availability->buffer_minutes)
                   : absl::ZeroDuration();
  const auto coach_busy =
      calendar::BusyOf(c, coach_id, when.start - absl::Hours(26),
                       when.end + absl::Hours(26), "");
  for (const auto& b : coach_busy) {
    if (Collides(when, b.when, buffer)) {
      return WithReason(
          absl::AlreadyExistsError("you have another session or event then"),
          "SLOT_TAKEN");
    }
  }
  for (const auto& id : starters) {
    if (!calendar::BusyOf(c, id, when.start, when.end, "").empty()) {
      return WithReason(
          absl::AlreadyExistsError(absl::StrCat(
              "starters/", id, " has another session or event then")),
          "STARTER_BUSY");
    }
  }
  if (!availability || availability->max_per_day <= 0) {
    return absl::OkStatus();
  }
  const Interval day =
      LocalDay(absl::ToCivilDay(when.start, Amsterdam()), Amsterdam());
  int n = 0;
  for (const auto& b : coach_busy) {
    n += b.coach_leads && b.when.start >= day.start && b.when.start < day.end;
  }
  if (n >= availability->max_per_day) {
    return WithReason(absl::FailedPreconditionError(absl::StrCat(
                          "your day is full (at most ",
                          availability->max_per_day, " sessions)")),
                      "DAY_FULL");
  }
  return absl::OkStatus();
}

// Writes the entry `id`, its participants and their time claims.
absl::Status InsertEvent(sql::Connection& c, const std::string& id,
                         const v1::Event& event, const Interval& when,
                         const std::string& coach_id,
                         const std::vector<std::string>& starters, int year,
                         const std::vector<std::string>& people,
                         absl::Time stamp) {
  const bool visit = event.kind() == v1::Event::LESSON_VISIT;
  auto* ps = &db::Cached(c,
                         "INSERT INTO calendar_entries (id, kind, coach_id, "
                         "starter_id, title, start_time, end_time, state, "
                         "programme_year, location, ical_uid, sequence, "
                         "version, create_time, update_time) VALUES (?, ?, "
                         "?, ?, ?, ?, ?, 1, ?, ?, ?, 0, 1, ?, ?)");
  ps->setString(1, id);
  ps->setInt(2, visit ? calendar::kLessonVisit : calendar::kIntervision);
  ps->setString(3, coach_id);
  db::BindNullable(*ps, 4, visit ? starters[0] : "");
  ps->setString(5, event.title());
  db::BindDatetime(*ps, 6, when.start);
  db::BindDatetime(*ps, 7, when.end);
  ps->setInt(8, visit ? year : 0);
  ps->setString(9, event.location());
  ps->setString(10, absl::StrCat(id, "@induction.samen.dev"));
  db::BindDatetime(*ps, 11, stamp);
  db::BindDatetime(*ps, 12, stamp);
  ps->executeUpdate();
  auto* p = &db::Cached(c,
                        "INSERT INTO entry_participants (entry_id, "
                        "person_id, role) VALUES (?, ?, ?)");
  for (const auto& person : people) {
    p->setString(1, id);
    p->setString(2, person);
    p->setInt(
        3, person == coach_id ? calendar::kRoleCoach : calendar::kRoleStarter);
    p->executeUpdate();
  }
  try {
    calendar::InsertClaims(c, id, when, people);
  } catch (const sql::SQLException& e) {
    if (e.getErrorCode() == db::kErDupEntry) {
      return calendar::SlotTaken();
    }
    throw;
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<EventRecord> InductionRepository::CreateEvent(
    const v1::Event& event, const std::string& coach_id,
    const std::vector<std::string>& starters, absl::Time now,
    absl::Time deadline) {
  std::vector<std::string> everyone = starters;
  everyone.push_back(coach_id);
  // The person_locks rows exist before the transaction locks them (see
  // CreateBooking).
  RETURN_IF_ERROR(db::RunWithConnection(
      *pool_, deadline, "person rows", [&](sql::Connection& c) {
        calendar::EnsurePersonRows(c, everyone);
        return absl::OkStatus();
      }));
  return db::InTransaction<EventRecord>(
      *pool_, deadline, "create event",
      [&](sql::Connection& c) -> absl::StatusOr<EventRecord> {
        calendar::LockPeople(c, everyone);  // first statement: see the header
        const Interval when{From(event.start_time()), From(event.end_time())};
        ASSIGN_OR_RETURN(const int year, CheckStarters(c, starters, coach_id));
        RETURN_IF_ERROR(CheckEveryoneFree(c, when, coach_id, starters));
        const std::string id = NewId('e');
        RETURN_IF_ERROR(InsertEvent(c, id, event, when, coach_id, starters,
                                    year, everyone, clock_->Now()));
        return Load(c, id, false);
      });
}

absl::StatusOr<EventRecord> InductionRepository::GetEvent(const std::string& id,
                                                          absl::Time deadline) {
  return db::WithConnection<EventRecord>(
      *pool_, deadline, "get event",
      [&](sql::Connection& c) { return Load(c, id, false); });
}

absl::StatusOr<Page<EventRecord>> InductionRepository::ListEvents(
    const std::string& person_id, v1::Event::Kind kind,
    std::optional<absl::Time> from, std::optional<absl::Time> to,
    const std::string& after, int limit, absl::Time deadline) {
  return db::WithConnection<Page<EventRecord>>(
      *pool_, deadline, "list events",
      [&](sql::Connection& c) -> absl::StatusOr<Page<EventRecord>> {
        const db::Keyset keyset("e.start_time", "e.id");
        db::Where w;
        w.Add("p.person_id = ?", {person_id});
        if (kind == v1::Event::LESSON_VISIT) {
          w.Add("e.kind = ?", {int64_t{calendar::kLessonVisit}});
        } else if (kind == v1::Event::INTERVISION) {
          w.Add("e.kind = ?", {int64_t{calendar::kIntervision}});
        } else {
          w.Add("e.kind IN (2, 3)");
        }
        if (from) {
          w.Add("e.start_time >= ?", {*from});
        }
        if (to) {
          w.Add("e.start_time < ?", {*to});
        }
        if (!keyset.AfterTimeKey(after, w)) {
          return InvalidField("page_token", "is not a token of this list");
        }
        auto ps = db::Prepare(
            c, absl::StrCat(
                   "SELECT e.id, e.kind, e.coach_id, e.title, e.start_time, "
                   "e.end_time, e.state, e.location, e.ical_uid, e.sequence, "
                   "e.create_time, e.update_time FROM entry_participants p "
                   "JOIN calendar_entries e ON e.id = p.entry_id",
                   w.Clause(), keyset.OrderByLimit()));
        ps->setInt64(w.Bind(*ps), db::Keyset::Fetch(limit));
        Page<EventRecord> page;
        {
          Rows rs(ps->executeQuery());
          while (rs->next()) {
            page.items.push_back(ReadRow(*rs));
          }
        }
        if (db::TrimToPage(page.items, limit)) {
          const v1::Event& last = page.items.back().event;
          page.next_key =
              db::EncodeTimeKey(From(last.start_time()),
                                last.name().substr(sizeof("events/") - 1));
        }
        for (auto& r : page.items) {
          LoadStarters(c, &r);
        }
        return page;
      });
}

absl::StatusOr<EventRecord> InductionRepository::CancelEvent(
    const std::string& id, const std::string& actor_id,
    const std::string& reason, absl::Time deadline) {
  return db::InTransaction<EventRecord>(
      *pool_, deadline, "cancel event",
      [&](sql::Connection& c) -> absl::StatusOr<EventRecord> {
        ASSIGN_OR_RETURN(auto current, Load(c, id, /*lock=*/true));
        if (current.event.state() != v1::CONFIRMED) {
          return absl::FailedPreconditionError(
              absl::StrCat(current.event.name(), " is ",
                           v1::EntryState_Name(current.event.state()),
                           "; only planned events can be cancelled"));
        }
        auto* ps =
            &db::Cached(c,
                        "UPDATE calendar_entries SET state = 2, "
                        "cancel_reason = ?, cancelled_by = ?, sequence = "
                        "sequence + 1, version = version + 1, update_time "
                        "= ? WHERE id = ?");
        ps->setString(1, reason);
        ps->setString(2, actor_id);
        ps->setString(3, db::FormatSqlDatetime(clock_->Now()));
        ps->setString(4, id);
        ps->executeUpdate();
        calendar::DeleteClaims(c, id);
        return Load(c, id, false);
      });
}

absl::StatusOr<EventRecord> InductionRepository::MarkEventHeld(
    const std::string& id, absl::Time now, absl::Time deadline) {
  return db::InTransaction<EventRecord>(
      *pool_, deadline, "record event attendance",
      [&](sql::Connection& c) -> absl::StatusOr<EventRecord> {
        ASSIGN_OR_RETURN(auto current, Load(c, id, /*lock=*/true));
        if (current.event.state() == v1::CANCELLED) {
          return absl::FailedPreconditionError(
              absl::StrCat(current.event.name(), " was cancelled"));
        }
        if (now < From(current.event.start_time())) {
          return absl::FailedPreconditionError(
              "an event is marked held once it has started");
        }
        if (current.event.state() == v1::HELD) {
          return current;
        }
        auto* ps =
            &db::Cached(c,
                        "UPDATE calendar_entries SET state = 3, sequence = "
                        "sequence + 1, version = version + 1, update_time = "
                        "? WHERE id = ?");
        ps->setString(1, db::FormatSqlDatetime(clock_->Now()));
        ps->setString(2, id);
        ps->executeUpdate();
        return Load(c, id, false);
      });
}

}  // namespace samen::induction
