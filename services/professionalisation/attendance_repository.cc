// Attendance and completion (hours onto the development record), the sign-in
// list, the record itself, feedback and the event log.

#include <set>

#include "absl/strings/str_cat.h"
#include "cppconn/connection.h"
#include "cppconn/prepared_statement.h"
#include "cppconn/resultset.h"
#include "db/list_column.h"
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
#include "services/professionalisation/enrolment_store.h"
#include "services/professionalisation/professionalisation_repository.h"

namespace samen::professionalisation {
namespace {

using db::Rows;
using db::Str;

void UpsertAttendance(sql::Connection& c, const SessionName& session,
                      const std::string& person_id, bool attended,
                      const std::string& actor_id, absl::Time now) {
  db::ExecuteUpdate(
      c,
      "INSERT INTO attendance (activity_id, session_id, person_id, attended, "
      "marked_by, mark_time) VALUES (?, ?, ?, ?, ?, ?) ON DUPLICATE KEY "
      "UPDATE attended = VALUES(attended), marked_by = VALUES(marked_by), "
      "mark_time = VALUES(mark_time)",
      session.activity_id, session.session_id, person_id, attended, actor_id,
      now);
}

struct Attended {
  int sessions = 0;
  absl::Time last_end;
};

Attended CountAttended(sql::Connection& c, const std::string& activity_id,
                       const std::string& person_id) {
  Rows rs = db::ExecuteQuery(
      c,
      "SELECT COUNT(*) AS n, MAX(s.end_time) AS last_end FROM attendance a "
      "JOIN activity_sessions s ON s.activity_id = a.activity_id AND "
      "s.session_id = a.session_id WHERE a.activity_id = ? AND a.person_id = "
      "? AND a.attended",
      activity_id, person_id);
  Attended out;
  if (rs->next()) {
    out.sessions = rs->getInt("n");
    if (!rs->isNull("last_end")) {
      out.last_end = db::Datetime(*rs, "last_end");
    }
  }
  return out;
}

void CreditCompletion(sql::Connection& c, const ActivityFacts& facts,
                      const v1::Enrolment& e, const std::string& person_id,
                      absl::Time completed_at, absl::Time now) {
  db::ExecuteUpdate(c,
                    "UPDATE enrolments SET completed = TRUE, "
                    "completion_time = ? WHERE activity_id = ? AND "
                    "person_id = ?",
                    completed_at, facts.activity_id, person_id);
  std::vector<std::string> orgs(e.organisations().begin(),
                                e.organisations().end());
  db::ExecuteUpdate(
      c,
      "INSERT INTO development_records (person_id, activity_id, title, kind, "
      "owner, hours_centis, completion_time, organisations, create_time) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE title = "
      "VALUES(title), kind = VALUES(kind), hours_centis = "
      "VALUES(hours_centis), completion_time = VALUES(completion_time)",
      person_id, facts.activity_id, facts.title, facts.kind, facts.owner.name(),
      facts.hours_centis, completed_at, db::JoinList(orgs), now);
}

}  // namespace

absl::StatusOr<std::vector<v1::Enrolment>>
ProfessionalisationRepository::RecordAttendance(
    const SessionName& session, const std::vector<std::string>& attended,
    const std::vector<std::string>& absent,
    const std::function<absl::Status(const ActivityFacts&, absl::Time)>& check,
    const std::string& actor_id, absl::Time now, absl::Time deadline) {
  return db::InTransaction<std::vector<v1::Enrolment>>(
      *pool_, deadline, "record attendance",
      [&](sql::Connection& c) -> absl::StatusOr<std::vector<v1::Enrolment>> {
        ASSIGN_OR_RETURN(auto facts, store::LoadFacts(c, session.activity_id,
                                                      /*lock=*/true));
        absl::Time start;
        {
          auto& ps = db::Cached(c,
                                "SELECT start_time FROM "
                                "activity_sessions WHERE activity_id = ? "
                                "AND session_id = ?");
          ps.setString(1, session.activity_id);
          ps.setString(2, session.session_id);
          Rows rs(ps.executeQuery());
          if (!rs->next()) {
            return absl::NotFoundError(
                absl::StrCat(ActivityName(session.activity_id), "/sessions/",
                             session.session_id, " does not exist"));
          }
          start = db::Datetime(*rs, "start_time");
        }
        RETURN_IF_ERROR(check(facts, start));
        std::vector<store::Event> events;
        std::vector<std::pair<std::string, bool>> marks;
        for (const auto& p : attended) {
          marks.emplace_back(p, true);
        }
        for (const auto& p : absent) {
          marks.emplace_back(p, false);
        }
        std::vector<v1::Enrolment> out;
        for (const auto& [person_id, present] : marks) {
          auto e = store::LoadEnrolment(c, session.activity_id, person_id);
          if (!e.has_value() || e->state() != v1::Enrolment::ENROLLED) {
            return WithReason(absl::FailedPreconditionError(absl::StrCat(
                                  PersonName(person_id), " holds no place in ",
                                  ActivityName(session.activity_id))),
                              "NOT_ENROLLED");
          }
          UpsertAttendance(c, session, person_id, present, actor_id, now);
          const Attended count =
              CountAttended(c, session.activity_id, person_id);
          const bool complete = IsComplete(
              count.sessions, facts.required_sessions, facts.sessions);
          if (complete) {
            CreditCompletion(c, facts, *e, person_id, count.last_end, now);
            if (!e->completed()) {
              events.push_back(store::MakeEvent(
                  facts, person_id, v1::EnrolmentEvent::COMPLETED, e->state(),
                  e->state(), actor_id, now));
            }
          } else if (e->completed()) {
            store::RemoveCompletion(c, session.activity_id, person_id);
            events.push_back(store::MakeEvent(
                facts, person_id, v1::EnrolmentEvent::COMPLETION_WITHDRAWN,
                e->state(), e->state(), actor_id, now));
          }
        }
        store::AppendEvents(c, events);
        std::set<std::string> seen;
        for (const auto& [person_id, present] : marks) {
          if (seen.insert(person_id).second) {
            out.push_back(
                *store::LoadEnrolment(c, session.activity_id, person_id));
          }
        }
        return out;
      });
}

absl::StatusOr<std::vector<v1::Enrolment>>
ProfessionalisationRepository::Participants(const std::string& activity_id,
                                            absl::Time deadline) {
  return db::WithConnection<std::vector<v1::Enrolment>>(
      *pool_, deadline, "list participants",
      [&](sql::Connection& c) -> absl::StatusOr<std::vector<v1::Enrolment>> {
        std::vector<v1::Enrolment> out;
        {
          auto& ps = db::Cached(
              c, absl::StrCat("SELECT ", store::kEnrolmentColumns,
                              " FROM enrolments e WHERE e.activity_id = ? AND "
                              "e.state = 3 ORDER BY e.arrival"));
          ps.setString(1, activity_id);
          Rows rs(ps.executeQuery());
          while (rs->next()) {
            out.push_back(store::ReadEnrolment(*rs));
          }
        }
        store::LoadAttendance(c, Pointers(out));
        return out;
      });
}

absl::StatusOr<ProfessionalisationRepository::PersonRecord>
ProfessionalisationRepository::GetRecord(const std::string& person_id,
                                         absl::Time deadline) {
  return db::WithConnection<PersonRecord>(
      *pool_, deadline, "read development record",
      [&](sql::Connection& c) -> absl::StatusOr<PersonRecord> {
        PersonRecord out;
        std::set<std::string> orgs;
        {
          auto& ps = db::Cached(
              c,
              "SELECT activity_id, title, kind, owner, hours_centis, "
              "completion_time, organisations FROM development_records WHERE "
              "person_id = ?");
          ps.setString(1, person_id);
          Rows rs(ps.executeQuery());
          while (rs->next()) {
            RecordRow row;
            row.activity_id = Str(*rs, "activity_id");
            row.title = Str(*rs, "title");
            row.kind = static_cast<v1::ActivityKind>(rs->getInt("kind"));
            row.owner = Str(*rs, "owner");
            row.hours_centis = rs->getInt64("hours_centis");
            row.completion_time = db::Datetime(*rs, "completion_time");
            out.rows.push_back(std::move(row));
            for (const auto& o : db::SplitList(Str(*rs, "organisations"))) {
              orgs.insert(o);
            }
          }
        }
        auto& ps = db::Cached(c,
                              "SELECT DISTINCT organisations FROM "
                              "enrolments WHERE person_id = ?");
        ps.setString(1, person_id);
        Rows rs(ps.executeQuery());
        while (rs->next()) {
          for (const auto& o : db::SplitList(Str(*rs, "organisations"))) {
            orgs.insert(o);
          }
        }
        out.organisations.assign(orgs.begin(), orgs.end());
        return out;
      });
}

absl::StatusOr<v1::Feedback> ProfessionalisationRepository::SubmitFeedback(
    const EnrolmentName& name, int score, const std::string& comment,
    const std::function<absl::Status(const v1::Enrolment&)>& check,
    absl::Time now, absl::Time deadline) {
  return db::InTransaction<v1::Feedback>(
      *pool_, deadline, "submit feedback",
      [&](sql::Connection& c) -> absl::StatusOr<v1::Feedback> {
        auto e = store::LoadEnrolment(c, name.activity_id, name.person_id);
        if (!e.has_value()) {
          return absl::NotFoundError(absl::StrCat(
              EnrolmentResourceName(name.activity_id, name.person_id),
              " does not exist"));
        }
        RETURN_IF_ERROR(check(*e));
        db::ExecuteUpdate(
            c,
            "INSERT INTO feedback (activity_id, person_id, score, comment, "
            "update_time) VALUES (?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE "
            "score = VALUES(score), comment = VALUES(comment), update_time = "
            "VALUES(update_time)",
            name.activity_id, name.person_id, score, comment, now);
        v1::Feedback f;
        f.set_enrolment(e->name());
        f.set_score(score);
        f.set_comment(comment);
        ToTimestamp(now, f.mutable_update_time());
        return f;
      });
}

absl::StatusOr<v1::FeedbackSummary>
ProfessionalisationRepository::GetFeedbackSummary(
    const std::string& activity_id, absl::Time deadline) {
  return db::WithConnection<v1::FeedbackSummary>(
      *pool_, deadline, "summarise feedback",
      [&](sql::Connection& c) -> absl::StatusOr<v1::FeedbackSummary> {
        v1::FeedbackSummary out;
        out.set_name(
            absl::StrCat(ActivityName(activity_id), "/feedbackSummary"));
        {
          auto& ps = db::Cached(c,
                                "SELECT COUNT(*) AS n FROM enrolments "
                                "WHERE activity_id = ? AND completed");
          ps.setString(1, activity_id);
          Rows rs(ps.executeQuery());
          out.set_completed_count(rs->next() ? rs->getInt("n") : 0);
        }
        int counts[5] = {0, 0, 0, 0, 0};
        int64_t sum = 0;
        int responses = 0;
        {
          auto& ps = db::Cached(c,
                                "SELECT score, COUNT(*) AS n FROM "
                                "feedback WHERE activity_id = ? GROUP BY "
                                "score");
          ps.setString(1, activity_id);
          Rows rs(ps.executeQuery());
          while (rs->next()) {
            const int score = rs->getInt("score");
            const int n = rs->getInt("n");
            if (score >= 1 && score <= 5) {
              counts[score - 1] = n;
              sum += static_cast<int64_t>(score) * n;
              responses += n;
            }
          }
        }
        out.set_responses(responses);
        out.set_average_score(
            responses == 0 ? 0 : static_cast<double>(sum) / responses);
        for (int n : counts) {
          out.add_score_counts(n);
        }
        auto& ps = db::Cached(c,
                              "SELECT comment FROM feedback WHERE "
                              "activity_id = ? AND comment <> '' ORDER "
                              "BY update_time DESC LIMIT 200");
        ps.setString(1, activity_id);
        Rows rs(ps.executeQuery());
        while (rs->next()) {
          out.add_comments(Str(*rs, "comment"));
        }
        return out;
      });
}

absl::StatusOr<std::vector<v1::EnrolmentEvent>>
ProfessionalisationRepository::ListEvents(int64_t after, int limit,
                                          const std::string& activity_id,
                                          absl::Time deadline) {
  return db::WithConnection<std::vector<v1::EnrolmentEvent>>(
      *pool_, deadline, "list enrolment events",
      [&](sql::Connection& c)
          -> absl::StatusOr<std::vector<v1::EnrolmentEvent>> {
        auto ps = db::Prepare(
            c, absl::StrCat(
                   "SELECT seq, activity_id, person_id, kind, previous_state, "
                   "state, waitlist_position, enrolled_count, "
                   "waitlisted_count, actor, event_time FROM enrolment_events "
                   "WHERE seq > ?",
                   activity_id.empty() ? "" : " AND activity_id = ?",
                   " ORDER BY seq LIMIT ?"));
        int i = 1;
        ps->setInt64(i++, after);
        if (!activity_id.empty()) {
          ps->setString(i++, activity_id);
        }
        ps->setInt(i, limit);
        Rows rs(ps->executeQuery());
        std::vector<v1::EnrolmentEvent> out;
        while (rs->next()) {
          v1::EnrolmentEvent e;
          e.set_sequence(rs->getInt64("seq"));
          e.set_kind(static_cast<v1::EnrolmentEvent::Kind>(rs->getInt("kind")));
          const std::string activity = Str(*rs, "activity_id");
          const std::string person = Str(*rs, "person_id");
          e.set_enrolment(EnrolmentResourceName(activity, person));
          e.set_activity(ActivityName(activity));
          e.set_person(PersonName(person));
          e.set_previous_state(
              static_cast<State>(rs->getInt("previous_state")));
          e.set_state(static_cast<State>(rs->getInt("state")));
          e.set_waitlist_position(rs->getInt("waitlist_position"));
          e.set_enrolled_count(rs->getInt("enrolled_count"));
          e.set_waitlisted_count(rs->getInt("waitlisted_count"));
          const std::string actor = Str(*rs, "actor");
          if (!actor.empty()) {
            e.set_actor(PersonName(actor));
          }
          ToTimestamp(db::Datetime(*rs, "event_time"), e.mutable_event_time());
          out.push_back(std::move(e));
        }
        return out;
      });
}

}  // namespace samen::professionalisation
