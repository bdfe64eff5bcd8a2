#include "services/professionalisation/enrolment_store.h"

#include <map>
#include <stdexcept>

#include "absl/strings/str_cat.h"
#include "cppconn/datatype.h"
#include "cppconn/prepared_statement.h"
#include "db/list_column.h"
#include "db/rows.h"
#include "db/run.h"
#include "db/sql_time.h"
#include "db/statement.h"
#include "db/statement_cache.h"
#include "services/common/timestamp.h"
#include "services/professionalisation/enrolment_mail.h"

namespace samen::professionalisation::store {

const char kEnrolmentColumns[] =
    "e.activity_id, e.person_id, e.state, e.arrival, e.display_name, "
    "e.organisations, e.enrolled_by, e.promoted, e.completed, "
    "e.completion_time, e.note, e.request_time, e.state_time, "
    "(SELECT COUNT(*) FROM enrolments w WHERE w.activity_id = e.activity_id "
    "AND w.state = 2 AND w.arrival <= e.arrival) AS queue_position";

using db::Cached;
using db::Rows;
using db::Str;

absl::StatusOr<ActivityFacts> LoadFacts(sql::Connection& c,
                                        const std::string& activity_id,
                                        bool lock) {
  auto& ps = Cached(
      c, absl::StrCat(
             "SELECT owner, kind, title, audiences, capacity, "
             "enrolment_open_time, enrolment_close_time, "
             "cancellation_deadline, first_start, enrolled_count, "
             "waitlisted_count, pending_count, approval_required, series_id, "
             "series_cap, required_sessions, hours_centis, next_arrival, "
             "cancel_time IS NOT NULL AS cancelled, "
             "(SELECT COUNT(*) FROM activity_sessions s WHERE s.activity_id = "
             "a.id) AS session_count FROM activities a WHERE id = ?",
             lock ? " FOR UPDATE" : ""));
  ps.setString(1, activity_id);
  Rows rs(ps.executeQuery());
  if (!rs->next()) {
    return absl::NotFoundError(
        absl::StrCat(ActivityName(activity_id), " does not exist"));
  }
  ActivityFacts f;
  f.activity_id = activity_id;
  auto owner = ParseOwner(Str(*rs, "owner"), "owner");
  if (!owner.ok()) {
    return absl::InternalError("activity row has an unreadable owner");
  }
  f.owner = *owner;
  f.kind = static_cast<v1::ActivityKind>(rs->getInt("kind"));
  f.title = Str(*rs, "title");
  for (const auto& name : db::SplitList(Str(*rs, "audiences"))) {
    v1::Audience a;
    if (v1::Audience_Parse(name, &a)) {
      f.audiences.push_back(a);
    }
  }
  f.capacity = rs->getInt("capacity");
  f.enrolment_open = db::Datetime(*rs, "enrolment_open_time");
  f.enrolment_close = db::Datetime(*rs, "enrolment_close_time");
  f.cancellation_deadline = db::Datetime(*rs, "cancellation_deadline");
  f.start = db::Datetime(*rs, "first_start");
  f.enrolled = rs->getInt("enrolled_count");
  f.waitlisted = rs->getInt("waitlisted_count");
  f.pending = rs->getInt("pending_count");
  f.approval_required = rs->getBoolean("approval_required");
  f.series_id = Str(*rs, "series_id");
  f.series_cap = rs->getInt("series_cap");
  f.required_sessions = rs->getInt("required_sessions");
  f.hours_centis = rs->getInt64("hours_centis");
  f.next_arrival = rs->getInt64("next_arrival");
  f.sessions = rs->getInt("session_count");
  f.cancelled = rs->getBoolean("cancelled");
  return f;
}

void WriteCounters(sql::Connection& c, const ActivityFacts& facts) {
  auto& ps = Cached(c,
                    "UPDATE activities SET enrolled_count = ?, "
                    "waitlisted_count = ?, pending_count = ?, next_arrival = "
                    "? WHERE id = ?");
  ps.setInt(1, facts.enrolled);
  ps.setInt(2, facts.waitlisted);
  ps.setInt(3, facts.pending);
  ps.setInt64(4, facts.next_arrival);
  ps.setString(5, facts.activity_id);
  ps.executeUpdate();
}

v1::Enrolment ReadEnrolment(sql::ResultSet& rs) {
  v1::Enrolment e;
  const std::string activity_id = Str(rs, "activity_id");
  const std::string person_id = Str(rs, "person_id");
  e.set_name(EnrolmentResourceName(activity_id, person_id));
  e.set_person(PersonName(person_id));
  e.set_person_display_name(Str(rs, "display_name"));
  for (const auto& org : db::SplitList(Str(rs, "organisations"))) {
    e.add_organisations(org);
  }
  e.set_state(static_cast<State>(rs.getInt("state")));
  if (e.state() == v1::Enrolment::WAITLISTED) {
    e.set_waitlist_position(rs.getInt("queue_position"));
  }
  e.set_arrival(rs.getInt64("arrival"));
  e.set_promoted(rs.getBoolean("promoted"));
  e.set_completed(rs.getBoolean("completed"));
  if (!rs.isNull("completion_time")) {
    ToTimestamp(db::Datetime(rs, "completion_time"),
                e.mutable_completion_time());
  }
  e.set_note(Str(rs, "note"));
  const std::string by = Str(rs, "enrolled_by");
  if (!by.empty() && by != person_id) {
    e.set_enrolled_by(PersonName(by));
  }
  ToTimestamp(db::Datetime(rs, "request_time"), e.mutable_request_time());
  ToTimestamp(db::Datetime(rs, "state_time"), e.mutable_state_time());
  return e;
}

std::optional<v1::Enrolment> LoadEnrolment(sql::Connection& c,
                                           const std::string& activity_id,
                                           const std::string& person_id) {
  auto& ps = Cached(c, absl::StrCat("SELECT ", kEnrolmentColumns,
                                    " FROM enrolments e WHERE e.activity_id "
                                    "= ? AND e.person_id = ?"));
  ps.setString(1, activity_id);
  ps.setString(2, person_id);
  Rows rs(ps.executeQuery());
  if (!rs->next()) {
    return std::nullopt;
  }
  v1::Enrolment e = ReadEnrolment(*rs);
  rs.reset();
  LoadAttendance(c, {&e});
  return e;
}

void LoadAttendance(sql::Connection& c, std::vector<v1::Enrolment*> items) {
  if (items.empty()) {
    return;
  }
  std::map<std::pair<std::string, std::string>, v1::Enrolment*> by_key;
  for (auto* e : items) {
    auto name = ParseEnrolmentName(e->name(), "name");
    if (name.ok()) {
      by_key[{name->activity_id, name->person_id}] = e;
    }
  }
  std::string text =
      "SELECT a.activity_id, a.person_id, a.session_id FROM attendance a "
      "JOIN activity_sessions s ON s.activity_id = a.activity_id AND "
      "s.session_id = a.session_id WHERE a.attended AND (a.activity_id, "
      "a.person_id) IN (";
  for (size_t i = 0; i < by_key.size(); ++i) {
    absl::StrAppend(&text, i == 0 ? "" : ", ", "(?, ?)");
  }
  absl::StrAppend(&text, ") ORDER BY a.activity_id, a.person_id, s.position");
  auto ps = db::Prepare(c, text);
  int i = 1;
  for (const auto& [key, e] : by_key) {
    ps->setString(i++, key.first);
    ps->setString(i++, key.second);
  }
  Rows rs(ps->executeQuery());
  while (rs->next()) {
    auto it = by_key.find({Str(*rs, "activity_id"), Str(*rs, "person_id")});
    if (it != by_key.end()) {
      it->second->add_attended_sessions(Str(*rs, "session_id"));
    }
  }
}

int WaitlistPosition(sql::Connection& c, const std::string& activity_id,
                     int64_t arrival) {
  auto& ps = Cached(c,
                    "SELECT COUNT(*) AS n FROM enrolments WHERE activity_id = "
                    "? AND state = 2 AND arrival <= ?");
  ps.setString(1, activity_id);
  ps.setInt64(2, arrival);
  Rows rs(ps.executeQuery());
  return rs->next() ? rs->getInt("n") : 0;
}

Event MakeEvent(const ActivityFacts& facts, const std::string& person_id,
                v1::EnrolmentEvent::Kind kind, State previous, State state,
                const std::string& actor_id, absl::Time now) {
  Event e;
  e.activity_id = facts.activity_id;
  e.person_id = person_id;
  e.kind = kind;
  e.previous = previous;
  e.state = state;
  e.enrolled = facts.enrolled;
  e.waitlisted = facts.waitlisted;
  e.actor_id = actor_id;
  e.time = now;
  return e;
}

void SetState(sql::Connection& c, const std::string& activity_id,
              const std::string& person_id, State state, bool promoted,
              const std::string* note, absl::Time now) {
  auto& ps = Cached(c,
                    "UPDATE enrolments SET state = ?, promoted = ?, "
                    "note = COALESCE(?, note), state_time = ? "
                    "WHERE activity_id = ? AND person_id = ?");
  ps.setInt(1, state);
  ps.setBoolean(2, promoted);
  if (note != nullptr) {
    ps.setString(3, *note);
  } else {
    ps.setNull(3, sql::DataType::VARCHAR);
  }
  ps.setString(4, db::FormatSqlDatetime(now));
  ps.setString(5, activity_id);
  ps.setString(6, person_id);
  ps.executeUpdate();
}

void PromoteFromWaitlist(sql::Connection& c, ActivityFacts* facts,
                         const std::string& actor_id, absl::Time now,
                         std::vector<Event>* events) {
  const int free = facts->capacity - facts->enrolled;
  if (free <= 0 || facts->waitlisted == 0) {
    return;
  }
  std::vector<WaitlistEntry> candidates;
  {
    auto& ps = Cached(c,
                      "SELECT person_id, arrival FROM enrolments WHERE "
                      "activity_id = ? AND state = 2 ORDER BY arrival LIMIT ?");
    ps.setString(1, facts->activity_id);
    ps.setInt(2, free);
    Rows rs(ps.executeQuery());
    while (rs->next()) {
      candidates.push_back({rs->getInt64("arrival"), Str(*rs, "person_id")});
    }
  }
  for (const auto& entry : ChoosePromotions(std::move(candidates), free)) {
    SetState(c, facts->activity_id, entry.person_id, v1::Enrolment::ENROLLED,
             /*promoted=*/true, nullptr, now);
    facts->enrolled += 1;
    facts->waitlisted -= 1;
    events->push_back(MakeEvent(
        *facts, entry.person_id, v1::EnrolmentEvent::PROMOTED,
        v1::Enrolment::WAITLISTED, v1::Enrolment::ENROLLED, actor_id, now));
  }
}

void RemoveCompletion(sql::Connection& c, const std::string& activity_id,
                      const std::string& person_id) {
  db::ExecuteUpdate(c,
                    "DELETE FROM development_records WHERE "
                    "person_id = ? AND activity_id = ?",
                    person_id, activity_id);
  db::ExecuteUpdate(c,
                    "UPDATE enrolments SET completed = FALSE, "
                    "completion_time = NULL WHERE activity_id = ? AND "
                    "person_id = ?",
                    activity_id, person_id);
}

void AppendEvents(sql::Connection& c, const std::vector<Event>& events) {
  if (events.empty()) {
    return;
  }
  // Takes the sequence row's lock and reserves the numbers in one statement;
  // LAST_INSERT_ID(expr) hands the new value to the inserts below.
  {
    auto& reserve = Cached(c,
                           "UPDATE enrolment_event_sequence SET next_seq = "
                           "LAST_INSERT_ID(next_seq + ?) WHERE id = 1");
    reserve.setInt64(1, static_cast<int64_t>(events.size()));
    if (reserve.executeUpdate() != 1) {
      throw std::runtime_error("enrolment_event_sequence has no row");
    }
  }
  auto& insert = Cached(
      c,
      "INSERT INTO enrolment_events (seq, activity_id, person_id, kind, "
      "previous_state, state, waitlist_position, enrolled_count, "
      "waitlisted_count, actor, event_time) VALUES (LAST_INSERT_ID() - ?, ?, "
      "?, ?, ?, ?, ?, ?, ?, ?, ?)");
  int64_t back = static_cast<int64_t>(events.size());
  for (const auto& e : events) {
    insert.setInt64(1, back--);
    insert.setString(2, e.activity_id);
    insert.setString(3, e.person_id);
    insert.setInt(4, e.kind);
    insert.setInt(5, e.previous);
    insert.setInt(6, e.state);
    insert.setInt(7, e.waitlist_position);
    insert.setInt(8, e.enrolled);
    insert.setInt(9, e.waitlisted);
    insert.setString(10, e.actor_id);
    insert.setString(11, db::FormatSqlDatetime(e.time));
    insert.executeUpdate();
  }
  EnqueueEnrolmentMail(c, events);
}

}  // namespace samen::professionalisation::store
