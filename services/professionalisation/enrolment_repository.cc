// Enrolments: enrol (place, waitlist or approval request), cancel with
// promotion, approve and decline, read and list. Every write holds the
// activity's row lock.

#include <functional>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "cppconn/connection.h"
#include "cppconn/prepared_statement.h"
#include "cppconn/resultset.h"
#include "db/keyset.h"
#include "db/list_column.h"
#include "db/rows.h"
#include "db/run.h"
#include "db/sql_time.h"
#include "db/statement.h"
#include "db/statement_cache.h"
#include "db/transaction.h"
#include "db/where.h"
#include "services/common/notify/outbox.h"
#include "services/common/status_macros.h"
#include "services/common/stored_resource.h"
#include "services/common/timestamp.h"
#include "services/professionalisation/enrolment_store.h"
#include "services/professionalisation/professionalisation_repository.h"

namespace samen::professionalisation {
namespace {

using db::Rows;
using db::Str;

// Counter of `facts` for enrolments in `state`, or nullptr.
int* CounterFor(ActivityFacts* facts, State state) {
  switch (state) {
    case v1::Enrolment::ENROLLED:
      return &facts->enrolled;
    case v1::Enrolment::WAITLISTED:
      return &facts->waitlisted;
    case v1::Enrolment::PENDING_APPROVAL:
      return &facts->pending;
    default:
      return nullptr;
  }
}

void Move(ActivityFacts* facts, State from, State to) {
  if (int* c = CounterFor(facts, from)) {
    *c -= 1;
  }
  if (int* c = CounterFor(facts, to)) {
    *c += 1;
  }
}

v1::EnrolmentEvent::Kind EventForPlacement(State state) {
  switch (state) {
    case v1::Enrolment::PENDING_APPROVAL:
      return v1::EnrolmentEvent::APPROVAL_REQUESTED;
    case v1::Enrolment::ENROLLED:
      return v1::EnrolmentEvent::ENROLLED;
    default:
      return v1::EnrolmentEvent::WAITLISTED;
  }
}

// Active enrolments of `person_id` in other activities of the series, under
// the person's series lock. The person's enrolment rows are read with a
// locking read (the latest committed rows, not the transaction's snapshot,
// which may predate the wait for the series lock); the activities' series
// membership is a plain read.
int ActiveInSeries(sql::Connection& c, const ActivityFacts& facts,
                   const std::string& person_id) {
  db::ExecuteUpdate(
      c,
      "INSERT INTO series_participants (owner, series_id, person_id) VALUES "
      "(?, ?, ?) ON DUPLICATE KEY UPDATE person_id = person_id",
      facts.owner.name(), facts.series_id, person_id);
  std::vector<std::string> activities;
  {
    Rows rs = db::ExecuteQuery(c,
                               "SELECT activity_id FROM enrolments WHERE "
                               "person_id = ? AND state IN (1, 2, 3) AND "
                               "activity_id <> ? LOCK IN SHARE MODE",
                               person_id, facts.activity_id);
    while (rs->next()) {
      activities.push_back(Str(*rs, "activity_id"));
    }
  }
  if (activities.empty()) {
    return 0;
  }
  auto ps = db::Prepare(
      c, absl::StrCat("SELECT COUNT(*) AS n FROM activities WHERE owner = ? "
                      "AND series_id = ? AND id IN (",
                      db::Placeholders(activities.size()), ")"));
  ps->setString(1, facts.owner.name());
  ps->setString(2, facts.series_id);
  for (size_t i = 0; i < activities.size(); ++i) {
    ps->setString(static_cast<int>(i) + 3, activities[i]);
  }
  Rows rs(ps->executeQuery());
  return rs->next() ? rs->getInt("n") : 0;
}

absl::StatusOr<v1::Enrolment> Required(std::optional<v1::Enrolment> e,
                                       const EnrolmentName& name) {
  if (!e.has_value()) {
    return absl::NotFoundError(
        absl::StrCat(EnrolmentResourceName(name.activity_id, name.person_id),
                     " does not exist"));
  }
  return *std::move(e);
}

// The activity (under its row lock) and the enrolment a change is about,
// after `check` allowed the change.
absl::StatusOr<std::pair<ActivityFacts, v1::Enrolment>> LockForChange(
    sql::Connection& c, const EnrolmentName& name,
    const EnrolmentCheck& check) {
  ASSIGN_OR_RETURN(ActivityFacts facts,
                   store::LoadFacts(c, name.activity_id, /*lock=*/true));
  ASSIGN_OR_RETURN(
      v1::Enrolment e,
      Required(store::LoadEnrolment(c, name.activity_id, name.person_id),
               name));
  RETURN_IF_ERROR(check(facts, e));
  return std::make_pair(std::move(facts), std::move(e));
}

// A change of an existing enrolment: its own writes, updating `facts`; the
// events it made.
using EnrolmentChange = std::function<std::vector<store::Event>(
    sql::Connection&, ActivityFacts&, const v1::Enrolment&)>;

// Runs `change` in one transaction on the enrolment `name`, under the
// activity's row lock and once `check` allowed it, then writes the activity's
// counters and the events; the enrolment as it is then.
absl::StatusOr<v1::Enrolment> ChangeEnrolment(db::Pool& pool,
                                              absl::Time deadline,
                                              absl::string_view what,
                                              const EnrolmentName& name,
                                              const EnrolmentCheck& check,
                                              const EnrolmentChange& change) {
  return db::InTransaction<v1::Enrolment>(
      pool, deadline, what,
      [&](sql::Connection& c) -> absl::StatusOr<v1::Enrolment> {
        ASSIGN_OR_RETURN(auto locked, LockForChange(c, name, check));
        auto& [facts, e] = locked;
        const std::vector<store::Event> events = change(c, facts, e);
        store::WriteCounters(c, facts);
        store::AppendEvents(c, events);
        return Required(
            store::LoadEnrolment(c, name.activity_id, name.person_id), name);
      });
}

// The state of `person_id`'s enrolment in the activity, if any.
std::optional<State> ExistingState(sql::Connection& c,
                                   const std::string& activity_id,
                                   const std::string& person_id) {
  auto& ps = db::Cached(c,
                        "SELECT state FROM enrolments WHERE "
                        "activity_id = ? AND person_id = ?");
  ps.setString(1, activity_id);
  ps.setString(2, person_id);
  Rows rs(ps.executeQuery());
  if (!rs->next()) {
    return std::nullopt;
  }
  return static_cast<State>(db::Int(*rs, "state"));
}

// Writes the enrolment (anew when `replaces` an earlier one, whose attendance
// goes).
void WriteEnrolment(sql::Connection& c, const std::string& activity_id,
                    const Enrollee& who, State state, int64_t arrival,
                    bool replaces, absl::Time now) {
  if (replaces) {
    auto& clear = db::Cached(c,
                             "DELETE FROM attendance WHERE "
                             "activity_id = ? AND person_id = ?");
    clear.setString(1, activity_id);
    clear.setString(2, who.person_id);
    clear.executeUpdate();
  }
  auto& ps = db::Cached(
      c,
      "INSERT INTO enrolments (activity_id, person_id, state, arrival, "
      "display_name, organisations, enrolled_by, promoted, completed, "
      "completion_time, note, request_time, state_time) VALUES (?, ?, "
      "?, ?, ?, ?, ?, FALSE, FALSE, NULL, '', ?, ?) ON DUPLICATE KEY "
      "UPDATE state = VALUES(state), arrival = VALUES(arrival), "
      "display_name = VALUES(display_name), organisations = "
      "VALUES(organisations), enrolled_by = VALUES(enrolled_by), "
      "promoted = FALSE, completed = FALSE, completion_time = NULL, "
      "note = '', request_time = VALUES(request_time), state_time = "
      "VALUES(state_time)");
  ps.setString(1, activity_id);
  ps.setString(2, who.person_id);
  ps.setInt(3, state);
  ps.setInt64(4, arrival);
  ps.setString(5, who.display_name);
  ps.setString(6, db::JoinList(who.organisations));
  ps.setString(7, who.actor_id);
  db::BindDatetime(ps, 8, now);
  db::BindDatetime(ps, 9, now);
  ps.executeUpdate();
}

// What Enrol wrote, without reading it back (the row lock is held until
// commit; every round trip here costs throughput in a rush).
v1::Enrolment Written(const std::string& activity_id, const Enrollee& who,
                      State state, int position, int64_t arrival,
                      absl::Time now) {
  v1::Enrolment e;
  e.set_name(EnrolmentResourceName(activity_id, who.person_id));
  e.set_person(PersonName(who.person_id));
  e.set_person_display_name(who.display_name);
  for (const auto& org : who.organisations) {
    e.add_organisations(org);
  }
  e.set_state(state);
  e.set_waitlist_position(position);
  e.set_arrival(arrival);
  if (who.actor_id != who.person_id) {
    e.set_enrolled_by(PersonName(who.actor_id));
  }
  ToTimestamp(now, e.mutable_request_time());
  ToTimestamp(now, e.mutable_state_time());
  return e;
}

}  // namespace

absl::StatusOr<v1::Enrolment> ProfessionalisationRepository::Enrol(
    const std::string& activity_id, const Enrollee& who,
    const EnrolDecision& decide, absl::Time now, absl::Time deadline) {
  return db::InTransaction<v1::Enrolment>(
      *pool_, deadline, "enrol",
      [&](sql::Connection& c) -> absl::StatusOr<v1::Enrolment> {
        ASSIGN_OR_RETURN(ActivityFacts facts,
                         store::LoadFacts(c, activity_id, /*lock=*/true));
        RETURN_IF_ERROR(CheckNotCancelled(facts));
        EnrolContext ctx;
        ctx.activity = facts;
        if (!facts.series_id.empty() && facts.series_cap > 0) {
          ctx.active_in_series = ActiveInSeries(c, facts, who.person_id);
        }
        ctx.existing = ExistingState(c, activity_id, who.person_id);
        ASSIGN_OR_RETURN(const State state, decide(ctx));
        const int64_t arrival = facts.next_arrival++;
        WriteEnrolment(c, activity_id, who, state, arrival,
                       ctx.existing.has_value(), now);
        Move(&facts, v1::Enrolment::STATE_UNSPECIFIED, state);
        store::WriteCounters(c, facts);
        // The newest arrival: last on the waitlist when it goes there.
        const int position =
            state == v1::Enrolment::WAITLISTED ? facts.waitlisted : 0;
        store::Event event = store::MakeEvent(
            facts, who.person_id, EventForPlacement(state),
            ctx.existing.value_or(v1::Enrolment::STATE_UNSPECIFIED), state,
            who.actor_id, now);
        event.waitlist_position = position;
        store::AppendEvents(c, {event});
        return Written(activity_id, who, state, position, arrival, now);
      });
}

absl::StatusOr<v1::Enrolment> ProfessionalisationRepository::Cancel(
    const EnrolmentName& name, const EnrolmentCheck& check,
    const std::string& note, const std::string& actor_id, absl::Time now,
    absl::Time deadline) {
  auto result = ChangeEnrolment(
      *pool_, deadline, "cancel enrolment", name, check,
      [&](sql::Connection& c, ActivityFacts& facts, const v1::Enrolment& e) {
        const State previous = e.state();
        store::SetState(c, name.activity_id, name.person_id,
                        v1::Enrolment::CANCELLED, e.promoted(), &note, now);
        if (e.completed()) {
          store::RemoveCompletion(c, name.activity_id, name.person_id);
        }
        Move(&facts, previous, v1::Enrolment::CANCELLED);
        std::vector<store::Event> events = {store::MakeEvent(
            facts, name.person_id, v1::EnrolmentEvent::CANCELLED, previous,
            v1::Enrolment::CANCELLED, actor_id, now)};
        if (previous == v1::Enrolment::ENROLLED) {
          store::PromoteFromWaitlist(c, &facts, actor_id, now, &events);
        }
        return events;
      });
  return notify::WakeAfter(std::move(result), mail_enqueued_);
}

absl::StatusOr<v1::Enrolment> ProfessionalisationRepository::Decide(
    const EnrolmentName& name, bool approve, const EnrolmentCheck& check,
    const std::string& note, const std::string& actor_id, absl::Time now,
    absl::Time deadline) {
  auto result = ChangeEnrolment(
      *pool_, deadline, approve ? "approve enrolment" : "decline enrolment",
      name, check,
      [&](sql::Connection& c, ActivityFacts& facts, const v1::Enrolment& e) {
        const State previous = e.state();
        const State next = approve ? Placement(facts, /*needs_approval=*/false)
                                   : v1::Enrolment::DECLINED;
        store::SetState(c, name.activity_id, name.person_id, next,
                        /*promoted=*/false, approve ? nullptr : &note, now);
        Move(&facts, previous, next);
        store::Event event =
            store::MakeEvent(facts, name.person_id,
                             approve ? v1::EnrolmentEvent::APPROVED
                                     : v1::EnrolmentEvent::DECLINED,
                             previous, next, actor_id, now);
        event.note = approve ? "" : note;
        if (next == v1::Enrolment::WAITLISTED) {
          event.waitlist_position =
              store::WaitlistPosition(c, name.activity_id, e.arrival());
        }
        return std::vector<store::Event>{event};
      });
  return notify::WakeAfter(std::move(result), mail_enqueued_);
}

absl::StatusOr<v1::Enrolment> ProfessionalisationRepository::GetEnrolment(
    const EnrolmentName& name, absl::Time deadline) {
  return db::WithConnection<v1::Enrolment>(
      *pool_, deadline, "get enrolment", [&](sql::Connection& c) {
        return Required(
            store::LoadEnrolment(c, name.activity_id, name.person_id), name);
      });
}

absl::StatusOr<Page<v1::Enrolment>>
ProfessionalisationRepository::ListEnrolments(const EnrolmentFilter& f,
                                              const std::string& after,
                                              int limit, absl::Time deadline) {
  return db::WithConnection<Page<v1::Enrolment>>(
      *pool_, deadline, "list enrolments",
      [&](sql::Connection& c) -> absl::StatusOr<Page<v1::Enrolment>> {
        const db::Keyset keyset("e.activity_id", "e.arrival");
        db::Where w;
        if (!after.empty()) {
          std::pair<std::string, std::string> key =
              absl::StrSplit(after, absl::MaxSplits('|', 1));
          int64_t arrival = 0;
          if (!absl::SimpleAtoi(key.second, &arrival)) {
            return absl::InvalidArgumentError("page_token: unreadable");
          }
          keyset.After(key.first, arrival, w);
        }
        if (!f.activity_id.empty()) {
          w.Add("e.activity_id = ?", {f.activity_id});
        }
        if (!f.person_id.empty()) {
          w.Add("e.person_id = ?", {f.person_id});
        }
        if (!f.organisation.empty()) {
          w.Add("FIND_IN_SET(?, e.organisations) > 0", {f.organisation});
        }
        if (f.state != v1::Enrolment::STATE_UNSPECIFIED) {
          w.Add("e.state = ?", {static_cast<int64_t>(f.state)});
        }
        auto ps =
            db::Prepare(c, absl::StrCat("SELECT ", store::kEnrolmentColumns,
                                        " FROM enrolments e", w.Clause(),
                                        keyset.OrderByLimit()));
        ps->setInt64(w.Bind(*ps), db::Keyset::Fetch(limit));
        Page<v1::Enrolment> page;
        {
          Rows rs(ps->executeQuery());
          while (rs->next()) {
            page.items.push_back(store::ReadEnrolment(*rs));
          }
        }
        if (db::TrimToPage(page.items, limit)) {
          auto last = ParseEnrolmentName(page.items.back().name(), "name");
          page.next_key =
              absl::StrCat(last->activity_id, "|", page.items.back().arrival());
        }
        store::LoadAttendance(c, Pointers(page.items));
        return page;
      });
}

}  // namespace samen::professionalisation
