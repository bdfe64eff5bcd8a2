// Lesson visits and intervision meetings: entries on the same calendar as
// bookings, with the same person locks, overlap claims, buffer and daily
// maximum.

#include <algorithm>

#include "cppconn/exception.h"
#include "db/errors.h"
#include "db/transaction.h"
#include "services/common/errors.h"
#include "services/common/status_macros.h"
#include "services/induction/induction_repository.h"
#include "services/induction/names.h"
#include "services/induction/repository_sql.h"

namespace samen::induction {
namespace {

using sqlutil::Cached;
using sqlutil::Rows;
using sqlutil::Str;

constexpr char kSelect[] =
    "SELECT id, kind, coach_id, title, start_time, end_time, state, location, "
    "ical_uid, sequence, create_time, update_time FROM calendar_entries";

absl::Status NotFound(const std::string& id) {
  return absl::NotFoundError(absl::StrCat("events/", id, " does not exist"));
}

EventRecord ReadRow(sql::ResultSet& rs) {
  EventRecord r;
  v1::Event& e = r.event;
  e.set_name(absl::StrCat("events/", Str(rs, "id")));
  e.set_kind(rs.getInt("kind") == sqlutil::kLessonVisit
                 ? v1::Event::LESSON_VISIT
                 : v1::Event::INTERVISION);
  r.coach_id = Str(rs, "coach_id");
  e.set_coach(absl::StrCat("people/", r.coach_id));
  e.set_title(Str(rs, "title"));
  ToTimestamp(sqlutil::TimeCol(rs, "start_time"), e.mutable_start_time());
  ToTimestamp(sqlutil::TimeCol(rs, "end_time"), e.mutable_end_time());
  e.set_state(static_cast<v1::EntryState>(rs.getInt("state")));
  e.set_location(Str(rs, "location"));
  e.set_ical_uid(Str(rs, "ical_uid"));
  e.set_sequence(rs.getInt("sequence"));
  ToTimestamp(sqlutil::TimeCol(rs, "create_time"), e.mutable_create_time());
  ToTimestamp(sqlutil::TimeCol(rs, "update_time"), e.mutable_update_time());
  return r;
}

void LoadStarters(sql::Connection& c, EventRecord* r) {
  auto* ps = Cached(c,
                    "SELECT person_id FROM entry_participants WHERE entry_id "
                    "= ? AND role = 2 ORDER BY person_id");
  ps->setString(1, r->event.name().substr(sizeof("events/") - 1));
  Rows rs(ps->executeQuery());
  while (rs->next()) {
    const std::string id = Str(*rs, "person_id");
    r->starter_ids.push_back(id);
    r->event.add_starters(absl::StrCat("starters/", id));
  }
}

absl::StatusOr<EventRecord> Load(sql::Connection& c, const std::string& id,
                                 bool lock) {
  auto* ps = Cached(c, absl::StrCat(kSelect, " WHERE id = ? AND kind IN (2, 3)",
                                    lock ? " FOR UPDATE" : ""));
  ps->setString(1, id);
  Rows rs(ps->executeQuery());
  if (!rs->next()) {
    return NotFound(id);
  }
  EventRecord r = ReadRow(*rs);
  rs.reset();
  LoadStarters(c, &r);
  return r;
}

absl::Time From(const google::protobuf::Timestamp& t) {
  return absl::FromUnixSeconds(t.seconds()) + absl::Nanoseconds(t.nanos());
}

}  // namespace

absl::StatusOr<EventRecord> InductionRepository::CreateEvent(
    const v1::Event& event, const std::string& coach_id,
    const std::vector<std::string>& starters, absl::Time now,
    absl::Time deadline) {
  return db::InTransaction<EventRecord>(
      *pool_, deadline, "create event",
      [&](sql::Connection& c) -> absl::StatusOr<EventRecord> {
        std::vector<std::string> people = starters;
        people.push_back(coach_id);
        sqlutil::LockPeople(c, people);  // first statement: see the header
        const Interval when{From(event.start_time()), From(event.end_time())};
        int year = 0;
        for (const auto& id : starters) {
          auto s = LoadStarter(c, id, false);
          if (!s.ok()) {
            return absl::FailedPreconditionError(
                absl::StrCat("event.starters: ", s.status().message()));
          }
          const auto& coaches = s->scope.coach_ids;
          if (std::find(coaches.begin(), coaches.end(), coach_id) ==
              coaches.end()) {
            return absl::PermissionDeniedError(
                absl::StrCat("event.starters: you do not coach starters/", id));
          }
          if (s->starter.status() != v1::Starter::ACTIVE) {
            return absl::FailedPreconditionError(absl::StrCat(
                "event.starters: starters/", id, " is not active"));
          }
          year = s->starter.current_year();
        }
        const auto availability = LoadAvailabilitySpec(c, coach_id);
        const absl::Duration buffer =
            availability ? absl::Minutes(availability->buffer_minutes)
                         : absl::ZeroDuration();
        const absl::Time from = when.start - absl::Hours(26);
        const absl::Time to = when.end + absl::Hours(26);
        const auto coach_busy = sqlutil::BusyOf(c, coach_id, from, to, "");
        for (const auto& b : coach_busy) {
          if (Collides(when, b.when, buffer)) {
            return WithReason(absl::AlreadyExistsError(
                                  "you have another session or event then"),
                              "SLOT_TAKEN");
          }
        }
        for (const auto& id : starters) {
          if (!sqlutil::BusyOf(c, id, when.start, when.end, "").empty()) {
            return WithReason(
                absl::AlreadyExistsError(absl::StrCat(
                    "starters/", id, " has another session or event then")),
                "STARTER_BUSY");
          }
        }
        if (availability && availability->max_per_day > 0) {
          const Interval day =
              LocalDay(absl::ToCivilDay(when.start, Amsterdam()), Amsterdam());
          int n = 0;
          for (const auto& b : coach_busy) {
            n += b.coach_leads && b.when.start >= day.start &&
                 b.when.start < day.end;
          }
          if (n >= availability->max_per_day) {
            return WithReason(absl::FailedPreconditionError(absl::StrCat(
                                  "your day is full (at most ",
                                  availability->max_per_day, " sessions)")),
                              "DAY_FULL");
          }
        }
        const bool visit = event.kind() == v1::Event::LESSON_VISIT;
        const std::string id = NewId('e');
        const std::string stamp = FormatSqlDatetime(clock_->Now());
        auto* ps = Cached(c,
                          "INSERT INTO calendar_entries (id, kind, coach_id, "
                          "starter_id, title, start_time, end_time, state, "
                          "programme_year, location, ical_uid, sequence, "
                          "version, create_time, update_time) VALUES (?, ?, "
                          "?, ?, ?, ?, ?, 1, ?, ?, ?, 0, 1, ?, ?)");
        ps->setString(1, id);
        ps->setInt(2, visit ? sqlutil::kLessonVisit : sqlutil::kIntervision);
        ps->setString(3, coach_id);
        sqlutil::BindNullable(*ps, 4, visit ? starters[0] : "");
        ps->setString(5, event.title());
        sqlutil::SetTime(*ps, 6, when.start);
        sqlutil::SetTime(*ps, 7, when.end);
        ps->setInt(8, visit ? year : 0);
        ps->setString(9, event.location());
        ps->setString(10, absl::StrCat(id, "@induction.samen.dev"));
        ps->setString(11, stamp);
        ps->setString(12, stamp);
        ps->executeUpdate();
        auto* p = Cached(c,
                         "INSERT INTO entry_participants (entry_id, "
                         "person_id, role) VALUES (?, ?, ?)");
        for (const auto& person : people) {
          p->setString(1, id);
          p->setString(2, person);
          p->setInt(3, person == coach_id ? sqlutil::kRoleCoach
                                          : sqlutil::kRoleStarter);
          p->executeUpdate();
        }
        try {
          sqlutil::InsertClaims(c, id, when, people);
        } catch (const sql::SQLException& e) {
          if (e.getErrorCode() == db::kErDupEntry) {
            return sqlutil::SlotTaken();
          }
          throw;
        }
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
    const std::string& person_id, std::optional<absl::Time> from,
    std::optional<absl::Time> to, const std::string& after, int limit,
    absl::Time deadline) {
  return db::WithConnection<Page<EventRecord>>(
      *pool_, deadline, "list events",
      [&](sql::Connection& c) -> absl::StatusOr<Page<EventRecord>> {
        std::string text =
            "SELECT e.id, e.kind, e.coach_id, e.title, e.start_time, "
            "e.end_time, e.state, e.location, e.ical_uid, e.sequence, "
            "e.create_time, e.update_time FROM entry_participants p JOIN "
            "calendar_entries e ON e.id = p.entry_id WHERE p.person_id = ? "
            "AND e.kind IN (2, 3)";
        std::vector<std::string> args = {person_id};
        if (from) {
          text += " AND e.start_time >= ?";
          args.push_back(FormatSqlDatetime(*from));
        }
        if (to) {
          text += " AND e.start_time < ?";
          args.push_back(FormatSqlDatetime(*to));
        }
        if (!after.empty()) {
          const size_t bar = after.find('|');
          if (bar == std::string::npos) {
            return InvalidField("page_token", "is not a token of this list");
          }
          text += " AND (e.start_time > ? OR (e.start_time = ? AND e.id > ?))";
          args.push_back(after.substr(0, bar));
          args.push_back(after.substr(0, bar));
          args.push_back(after.substr(bar + 1));
        }
        text += " ORDER BY e.start_time, e.id LIMIT ?";
        auto ps = sqlutil::Prepare(c, text);
        int i = 1;
        for (const auto& a : args) {
          ps->setString(i++, a);
        }
        ps->setInt(i, limit + 1);
        Page<EventRecord> page;
        std::vector<std::string> keys;
        {
          Rows rs(ps->executeQuery());
          while (rs->next()) {
            keys.push_back(
                absl::StrCat(Str(*rs, "start_time"), "|", Str(*rs, "id")));
            page.items.push_back(ReadRow(*rs));
          }
        }
        if (static_cast<int>(page.items.size()) > limit) {
          page.items.pop_back();
          page.next_key = keys[limit - 1];
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
        auto* ps = Cached(c,
                          "UPDATE calendar_entries SET state = 2, "
                          "cancel_reason = ?, cancelled_by = ?, sequence = "
                          "sequence + 1, version = version + 1, update_time "
                          "= ? WHERE id = ?");
        ps->setString(1, reason);
        ps->setString(2, actor_id);
        ps->setString(3, FormatSqlDatetime(clock_->Now()));
        ps->setString(4, id);
        ps->executeUpdate();
        sqlutil::DeleteClaims(c, id);
        return Load(c, id, false);
      });
}

absl::StatusOr<EventRecord> InductionRepository::MarkEventHeld(
    const std::string& id, absl::Time now, absl::Time deadline) {
  return db::InTransaction<EventRecord>(
      *pool_, deadline, "record event attendance",
      [&](sql::Connection& c) -> absl::StatusOr<EventRecord> {
        auto current = Load(c, id, /*lock=*/true);
        if (!current.ok()) {
          return current.status();
        }
        if (current->event.state() == v1::CANCELLED) {
          return absl::FailedPreconditionError(
              absl::StrCat(current->event.name(), " was cancelled"));
        }
        if (now < From(current->event.start_time())) {
          return absl::FailedPreconditionError(
              "an event is marked held once it has started");
        }
        if (current->event.state() == v1::HELD) {
          return current;
        }
        auto* ps = Cached(c,
                          "UPDATE calendar_entries SET state = 3, sequence = "
                          "sequence + 1, version = version + 1, update_time = "
                          "? WHERE id = ?");
        ps->setString(1, FormatSqlDatetime(clock_->Now()));
        ps->setString(2, id);
        ps->executeUpdate();
        return Load(c, id, false);
      });
}

}  // namespace samen::induction
