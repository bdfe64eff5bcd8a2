// Coaching bookings: create, read, list, cancel, reschedule, attendance.
// Every write locks the starter's and the coach's person rows first.

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "cppconn/connection.h"
#include "cppconn/exception.h"
#include "cppconn/prepared_statement.h"
#include "cppconn/resultset.h"
#include "db/errors.h"
#include "db/rows.h"
#include "db/run.h"
#include "db/sql_time.h"
#include "db/statement.h"
#include "db/statement_cache.h"
#include "db/transaction.h"
#include "db/where.h"
#include "services/common/errors.h"
#include "services/common/notify/outbox.h"
#include "services/common/resource/etag.h"
#include "services/common/status_macros.h"
#include "services/common/timestamp.h"
#include "services/induction/booking_mail.h"
#include "services/induction/calendar_repository.h"
#include "services/induction/induction_repository.h"
#include "services/induction/names.h"
#include "services/induction/programme_rules.h"

namespace samen::induction {
namespace {

using db::Rows;
using db::Str;

constexpr char kSelect[] =
    "SELECT id, coach_id, starter_id, start_time, end_time, state, "
    "programme_year, late_cancellation, cancel_reason, cancelled_by, "
    "location, online_link, ical_uid, sequence, version, create_time, "
    "update_time, (SELECT p.cancellation_notice_seconds FROM starters s "
    "JOIN programmes p ON p.id = s.programme_id WHERE s.id = "
    "calendar_entries.starter_id) AS cancellation_notice_seconds "
    "FROM calendar_entries";

BookingRecord ReadRow(sql::ResultSet& rs) {
  BookingRecord r;
  r.starter_id = Str(rs, "starter_id");
  r.coach_id = Str(rs, "coach_id");
  v1::Booking& b = r.booking;
  b.set_name(BookingNameOf(r.starter_id, Str(rs, "id")));
  b.set_coach(absl::StrCat("people/", r.coach_id));
  ToTimestamp(db::Datetime(rs, "start_time"), b.mutable_start_time());
  ToTimestamp(db::Datetime(rs, "end_time"), b.mutable_end_time());
  b.set_state(static_cast<v1::EntryState>(rs.getInt("state")));
  b.set_location(Str(rs, "location"));
  b.set_online_link(Str(rs, "online_link"));
  b.set_programme_year(rs.getInt("programme_year"));
  b.set_late_cancellation(rs.getBoolean("late_cancellation"));
  b.set_cancel_reason(Str(rs, "cancel_reason"));
  const std::string by = db::NullableStr(rs, "cancelled_by");
  if (!by.empty()) {
    b.set_cancelled_by(absl::StrCat("people/", by));
  }
  b.set_ical_uid(Str(rs, "ical_uid"));
  b.set_sequence(rs.getInt("sequence"));
  const absl::Time created = db::Datetime(rs, "create_time");
  // The notice of the starter's programme as it is now, as CancelBooking
  // applies it. It is part of the etag: a changed notice moves the cutoff, and
  // a cached copy with the old one must not be taken for current.
  const int notice_seconds = db::Int(rs, "cancellation_notice_seconds");
  if (b.state() == v1::CONFIRMED) {
    v1::BookingPolicy policy;
    policy.mutable_cancellation_notice()->set_seconds(notice_seconds);
    ToTimestamp(LateCancellationTime(PolicyFromProto(policy),
                                     db::Datetime(rs, "start_time")),
                b.mutable_late_cancellation_time());
  }
  b.set_etag(resource::MakeEtag(absl::StrCat(b.name(), "|", notice_seconds),
                                rs.getInt64("version"), created));
  ToTimestamp(created, b.mutable_create_time());
  ToTimestamp(db::Datetime(rs, "update_time"), b.mutable_update_time());
  return r;
}

absl::StatusOr<BookingRecord> Load(sql::Connection& c,
                                   const std::string& starter_id,
                                   const std::string& id, bool lock) {
  return db::ReadOne(
      db::ExecuteQuery(c,
                       absl::StrCat(kSelect,
                                    " WHERE id = ? AND starter_id = ? AND "
                                    "kind = 1",
                                    db::ForUpdate(lock)),
                       id, starter_id),
      ReadRow, [&] { return ResourceNotFound(BookingNameOf(starter_id, id)); });
}

absl::Time StartOf(const v1::Booking& b) {
  return absl::FromUnixMicros(b.start_time().seconds() * 1000000 +
                              b.start_time().nanos() / 1000);
}

int UsedQuota(sql::Connection& c, const std::string& starter_id, int year) {
  auto* ps =
      &db::Cached(c,
                  "SELECT COUNT(*) AS n FROM calendar_entries WHERE "
                  "starter_id = ? AND kind = 1 AND programme_year = ? AND "
                  "(state IN (1, 3, 4) OR (state = 2 AND "
                  "late_cancellation))");
  ps->setString(1, starter_id);
  ps->setInt(2, year);
  Rows rs(ps->executeQuery());
  return rs->next() ? rs->getInt("n") : 0;
}

// Everything DecideBooking needs, read after the person rows are locked.
absl::StatusOr<BookingFacts> GatherFacts(sql::Connection& c,
                                         const StarterRecord& starter,
                                         const std::string& coach_id,
                                         absl::Time start,
                                         const std::string& exclude_entry) {
  ASSIGN_OR_RETURN(
      auto programme,
      LoadProgramme(
          c, starter.starter.programme().substr(sizeof("programmes/") - 1),
          false));
  BookingFacts f;
  f.starter_status = starter.starter.status();
  f.coach_assigned =
      std::find(starter.scope.coach_ids.begin(), starter.scope.coach_ids.end(),
                coach_id) != starter.scope.coach_ids.end();
  f.policy = PolicyFromProto(programme.booking_policy());
  f.year = starter.starter.current_year();
  f.quota =
      QuotaFor(programme, starter.starter.kind(), f.year).coaching_sessions;
  f.used = UsedQuota(c, starter.scope.starter_id, f.year);
  f.availability = LoadAvailabilitySpec(c, coach_id);
  const absl::Time from = start - absl::Hours(26);
  const absl::Time to = start + absl::Hours(26);
  auto busy = calendar::BusyOfEach(c, {coach_id, starter.scope.starter_id},
                                   from, to, exclude_entry);
  f.coach_busy = std::move(busy[0]);
  f.starter_busy = std::move(busy[1]);
  return f;
}

// Runs `fn`, turning a duplicate time claim into SLOT_TAKEN.
absl::Status Claim(const std::function<void()>& fn) {
  try {
    fn();
  } catch (const sql::SQLException& e) {
    if (e.getErrorCode() == db::kErDupEntry) {
      return calendar::SlotTaken();
    }
    throw;
  }
  return absl::OkStatus();
}

absl::Status WrongState(const v1::Booking& b) {
  return absl::FailedPreconditionError(
      absl::StrCat(b.name(), " is ", v1::EntryState_Name(b.state()),
                   "; only confirmed bookings can be changed"));
}

// The fast path of a booking: SLOT_TAKEN when the coach has visibly given
// the slot at `start` away already (to another booking than this request's).
absl::Status CheckSlotVisiblyFree(sql::Connection& c,
                                  const std::string& starter_id,
                                  const std::string& coach_id, absl::Time start,
                                  const std::string& request_id) {
  auto* ps = &db::Cached(c,
                         "SELECT e.starter_id, e.request_id FROM time_claims "
                         "t JOIN calendar_entries e ON e.id = t.entry_id "
                         "WHERE t.person_id = ? AND t.quantum = ?");
  ps->setString(1, coach_id);
  ps->setString(
      2, absl::FormatTime("%Y-%m-%d %H:%M:%S", start, absl::UTCTimeZone()));
  Rows rs(ps->executeQuery());
  if (!rs->next()) {
    return absl::OkStatus();
  }
  const bool retry_of_ours = !request_id.empty() &&
                             Str(*rs, "starter_id") == starter_id &&
                             db::NullableStr(*rs, "request_id") == request_id;
  return retry_of_ours ? absl::OkStatus() : calendar::SlotTaken();
}

// Before a booking's transaction: the person_locks rows (so that LockPeople
// finds them and takes record locks only; a first booking's missing rows
// would gap-lock the end of the index and deadlock other first bookings) --
// only for a starter that exists and a coach who has availability, since for
// anyone else the booking fails and bad input leaves nothing -- and the fast
// path: a slot the coach has visibly given away already.
absl::Status BeforeBooking(sql::Connection& c, const std::string& starter_id,
                           const std::string& coach_id, absl::Time start,
                           const std::string& request_id) {
  auto* ensure = &db::Cached(
      c,
      "INSERT IGNORE INTO person_locks (person_id) SELECT id FROM starters "
      "WHERE id = ? UNION ALL SELECT coach_id FROM coach_availability WHERE "
      "coach_id = ?");
  ensure->setString(1, starter_id);
  ensure->setString(2, coach_id);
  ensure->executeUpdate();
  return CheckSlotVisiblyFree(c, starter_id, coach_id, start, request_id);
}

}  // namespace

absl::StatusOr<BookingRecord> InductionRepository::CreateBooking(
    const std::string& starter_id, const std::string& coach_id,
    absl::Time start, const std::string& request_id, absl::Time now,
    absl::Time deadline) {
  // Outside the transaction (BeforeBooking).
  RETURN_IF_ERROR(db::RunWithConnection(
      *pool_, deadline, "check slot", [&](sql::Connection& c) {
        return BeforeBooking(c, starter_id, coach_id, start, request_id);
      }));
  auto result = db::InTransaction<BookingRecord>(
      *pool_, deadline, "create booking",
      [&](sql::Connection& c) -> absl::StatusOr<BookingRecord> {
        // First statement: the locks (see the header on snapshots).
        calendar::LockPeople(c, {starter_id, coach_id});
        if (!request_id.empty()) {
          auto* ps = &db::Cached(c, absl::StrCat(kSelect,
                                                 " WHERE starter_id = ? AND "
                                                 "request_id = ?"));
          ps->setString(1, starter_id);
          ps->setString(2, request_id);
          Rows rs(ps->executeQuery());
          if (rs->next()) {
            return ReadRow(*rs);  // a retry of a booking already made
          }
        }
        ASSIGN_OR_RETURN(auto starter, LoadStarter(c, starter_id, false));
        ASSIGN_OR_RETURN(auto facts,
                         GatherFacts(c, starter, coach_id, start, ""));
        ASSIGN_OR_RETURN(auto slot, DecideBooking(facts, now, start));
        const std::string id = NewId('b');
        const std::string stamp = db::FormatSqlDatetime(clock_->Now());
        auto* ps =
            &db::Cached(c,
                        "INSERT INTO calendar_entries (id, kind, coach_id, "
                        "starter_id, start_time, end_time, state, "
                        "programme_year, location, online_link, ical_uid, "
                        "sequence, request_id, version, create_time, "
                        "update_time) VALUES (?, 1, ?, ?, ?, ?, 1, ?, ?, ?, "
                        "?, 0, ?, 1, ?, ?)");
        ps->setString(1, id);
        ps->setString(2, coach_id);
        ps->setString(3, starter_id);
        db::BindDatetime(*ps, 4, slot.start);
        db::BindDatetime(*ps, 5, slot.end);
        ps->setInt(6, facts.year);
        ps->setString(7, facts.availability->location);
        ps->setString(8, facts.availability->online_link);
        ps->setString(9, absl::StrCat(id, "@induction.samen.dev"));
        db::BindNullable(*ps, 10, request_id);
        ps->setString(11, stamp);
        ps->setString(12, stamp);
        ps->executeUpdate();
        auto* p = &db::Cached(c,
                              "INSERT INTO entry_participants (entry_id, "
                              "person_id, role) VALUES (?, ?, ?), (?, ?, ?)");
        p->setString(1, id);
        p->setString(2, coach_id);
        p->setInt(3, calendar::kRoleCoach);
        p->setString(4, id);
        p->setString(5, starter_id);
        p->setInt(6, calendar::kRoleStarter);
        p->executeUpdate();
        if (auto s = Claim([&] {
              calendar::InsertClaims(c, id, slot, {coach_id, starter_id});
            });
            !s.ok()) {
          return s;
        }
        ASSIGN_OR_RETURN(BookingRecord made, Load(c, starter_id, id, false));
        EnqueueBookingMail(c, made, BookingChange::kConfirmed, clock_->Now());
        return made;
      });
  return notify::WakeAfter(std::move(result), mail_enqueued_);
}

absl::StatusOr<BookingRecord> InductionRepository::GetBooking(
    const std::string& starter_id, const std::string& booking_id,
    absl::Time deadline) {
  return db::WithConnection<BookingRecord>(
      *pool_, deadline, "get booking", [&](sql::Connection& c) {
        return Load(c, starter_id, booking_id, false);
      });
}

absl::StatusOr<Page<BookingRecord>> InductionRepository::ListBookings(
    const BookingFilter& filter, const std::string& after, int limit,
    absl::Time deadline) {
  return db::WithConnection<Page<BookingRecord>>(
      *pool_, deadline, "list bookings",
      [&](sql::Connection& c) -> absl::StatusOr<Page<BookingRecord>> {
        std::string text = absl::StrCat(kSelect, " WHERE kind = 1");
        std::vector<std::string> args;
        if (!filter.starter_id.empty()) {
          text += " AND starter_id = ?";
          args.push_back(filter.starter_id);
        }
        if (!filter.coach_id.empty()) {
          text += " AND coach_id = ?";
          args.push_back(filter.coach_id);
        }
        if (filter.from) {
          text += " AND start_time >= ?";
          args.push_back(db::FormatSqlDatetime(*filter.from));
        }
        if (filter.to) {
          text += " AND start_time < ?";
          args.push_back(db::FormatSqlDatetime(*filter.to));
        }
        if (!after.empty()) {
          const size_t bar = after.find('|');
          if (bar == std::string::npos) {
            return InvalidField("page_token", "is not a token of this list");
          }
          text += " AND (start_time > ? OR (start_time = ? AND id > ?))";
          args.push_back(after.substr(0, bar));
          args.push_back(after.substr(0, bar));
          args.push_back(after.substr(bar + 1));
        }
        text += " ORDER BY start_time, id LIMIT ?";
        auto ps = db::Prepare(c, text);
        int i = 1;
        for (const auto& a : args) {
          ps->setString(i++, a);
        }
        ps->setInt(i, limit + 1);
        Page<BookingRecord> page;
        Rows rs(ps->executeQuery());
        std::vector<std::string> keys;
        while (rs->next()) {
          keys.push_back(
              absl::StrCat(Str(*rs, "start_time"), "|", Str(*rs, "id")));
          page.items.push_back(ReadRow(*rs));
        }
        if (static_cast<int>(page.items.size()) > limit) {
          page.items.pop_back();
          page.next_key = keys[limit - 1];
        }
        return page;
      });
}

absl::StatusOr<BookingRecord> InductionRepository::CancelBooking(
    const std::string& starter_id, const std::string& booking_id,
    const std::string& coach_id, const std::string& actor_id, bool by_coach,
    const std::string& reason, const std::string& etag, absl::Time now,
    absl::Time deadline, bool mail_starter) {
  auto result = db::InTransaction<BookingRecord>(
      *pool_, deadline, "cancel booking",
      [&](sql::Connection& c) -> absl::StatusOr<BookingRecord> {
        calendar::LockPeople(c, {starter_id, coach_id});
        ASSIGN_OR_RETURN(auto current,
                         Load(c, starter_id, booking_id, /*lock=*/true));
        if (current.coach_id != coach_id) {
          return absl::InternalError("booking changed coach");
        }
        RETURN_IF_ERROR(resource::CheckEtag(etag, current.booking.etag()));
        if (current.booking.state() != v1::CONFIRMED) {
          return WrongState(current.booking);
        }
        const absl::Time start = StartOf(current.booking);
        bool late = false;
        if (!by_coach) {
          if (now >= start) {
            return absl::FailedPreconditionError(
                "the session has started; it can no longer be cancelled");
          }
          auto starter = LoadStarter(c, starter_id, false);
          if (!starter.ok()) {
            return starter.status();
          }
          ASSIGN_OR_RETURN(auto programme,
                           LoadProgramme(c,
                                         starter->starter.programme().substr(
                                             sizeof("programmes/") - 1),
                                         false));
          late = IsLateCancellation(PolicyFromProto(programme.booking_policy()),
                                    now, start);
        }
        auto* ps =
            &db::Cached(c,
                        "UPDATE calendar_entries SET state = 2, "
                        "late_cancellation = ?, cancel_reason = ?, "
                        "cancelled_by = ?, sequence = sequence + 1, "
                        "version = version + 1, update_time = ? WHERE id = ?");
        ps->setBoolean(1, late);
        ps->setString(2, reason);
        ps->setString(3, actor_id);
        ps->setString(4, db::FormatSqlDatetime(clock_->Now()));
        ps->setString(5, booking_id);
        ps->executeUpdate();
        calendar::DeleteClaims(c, booking_id);
        ASSIGN_OR_RETURN(BookingRecord cancelled,
                         Load(c, starter_id, booking_id, false));
        EnqueueBookingMail(c, cancelled, BookingChange::kCancelled,
                           clock_->Now(), mail_starter);
        return cancelled;
      });
  return notify::WakeAfter(std::move(result), mail_enqueued_);
}

absl::StatusOr<int> InductionRepository::CancelFutureBookings(
    const std::string& starter_id, const std::string& actor_id,
    const std::string& reason, absl::Time now, absl::Time deadline) {
  struct Due {
    std::string id;
    std::string coach_id;
  };
  ASSIGN_OR_RETURN(
      auto due,
      db::WithConnection<std::vector<Due>>(
          *pool_, deadline, "future bookings",
          [&](sql::Connection& c) -> absl::StatusOr<std::vector<Due>> {
            auto* ps = &db::Cached(
                c,
                "SELECT id, coach_id FROM calendar_entries WHERE starter_id = "
                "? AND kind = 1 AND state = 1 AND start_time > ? ORDER BY "
                "start_time, id");
            ps->setString(1, starter_id);
            db::BindDatetime(*ps, 2, now);
            Rows rs(ps->executeQuery());
            std::vector<Due> out;
            while (rs->next()) {
              out.push_back({Str(*rs, "id"), Str(*rs, "coach_id")});
            }
            return out;
          }));
  int cancelled = 0;
  for (const Due& d : due) {
    // by_coach: a cancellation the starter did not choose is never late.
    auto r = CancelBooking(starter_id, d.id, d.coach_id, actor_id,
                           /*by_coach=*/true, reason, /*etag=*/"", now,
                           deadline, /*mail_starter=*/false);
    if (r.ok()) {
      ++cancelled;
    } else if (!absl::IsFailedPrecondition(r.status())) {
      // FAILED_PRECONDITION: cancelled or held meanwhile; nothing to do.
      return r.status();
    }
  }
  return cancelled;
}

absl::StatusOr<BookingRecord> InductionRepository::RescheduleBooking(
    const std::string& starter_id, const std::string& booking_id,
    const std::string& coach_id, bool by_coach, absl::Time new_start,
    const std::string& etag, absl::Time now, absl::Time deadline) {
  auto result = db::InTransaction<BookingRecord>(
      *pool_, deadline, "reschedule booking",
      [&](sql::Connection& c) -> absl::StatusOr<BookingRecord> {
        calendar::LockPeople(c, {starter_id, coach_id});
        auto current = Load(c, starter_id, booking_id, /*lock=*/true);
        if (!current.ok()) {
          return current.status();
        }
        if (current->coach_id != coach_id) {
          return absl::InternalError("booking changed coach");
        }
        RETURN_IF_ERROR(resource::CheckEtag(etag, current->booking.etag()));
        if (current->booking.state() != v1::CONFIRMED) {
          return WrongState(current->booking);
        }
        ASSIGN_OR_RETURN(auto starter, LoadStarter(c, starter_id, false));
        ASSIGN_OR_RETURN(auto facts, GatherFacts(c, starter, coach_id,
                                                 new_start, booking_id));
        if (!by_coach &&
            IsLateCancellation(facts.policy, now, StartOf(current->booking))) {
          return WithReason(
              absl::FailedPreconditionError(
                  "too late to reschedule: the session is within the "
                  "cancellation notice; cancel it instead (a late "
                  "cancellation counts against the quota)"),
              "TOO_LATE_TO_RESCHEDULE");
        }
        facts.coach_assigned = true;  // the booking's own coach
        facts.count_quota = false;    // the session already counts
        ASSIGN_OR_RETURN(auto slot, DecideBooking(facts, now, new_start));
        calendar::DeleteClaims(c, booking_id);
        if (auto s = Claim([&] {
              calendar::InsertClaims(c, booking_id, slot,
                                     {coach_id, starter_id});
            });
            !s.ok()) {
          return s;
        }
        auto* ps =
            &db::Cached(c,
                        "UPDATE calendar_entries SET start_time = ?, "
                        "end_time = ?, sequence = sequence + 1, version = "
                        "version + 1, update_time = ? WHERE id = ?");
        db::BindDatetime(*ps, 1, slot.start);
        db::BindDatetime(*ps, 2, slot.end);
        ps->setString(3, db::FormatSqlDatetime(clock_->Now()));
        ps->setString(4, booking_id);
        ps->executeUpdate();
        ASSIGN_OR_RETURN(BookingRecord moved,
                         Load(c, starter_id, booking_id, false));
        EnqueueBookingMail(c, moved, BookingChange::kRescheduled,
                           clock_->Now());
        return moved;
      });
  return notify::WakeAfter(std::move(result), mail_enqueued_);
}

absl::StatusOr<BookingRecord> InductionRepository::RecordAttendance(
    const std::string& starter_id, const std::string& booking_id,
    v1::EntryState state, absl::Time now, absl::Time deadline) {
  return db::InTransaction<BookingRecord>(
      *pool_, deadline, "record attendance",
      [&](sql::Connection& c) -> absl::StatusOr<BookingRecord> {
        auto current = Load(c, starter_id, booking_id, /*lock=*/true);
        if (!current.ok()) {
          return current.status();
        }
        if (current->booking.state() == v1::CANCELLED) {
          return WrongState(current->booking);
        }
        if (now < StartOf(current->booking)) {
          return absl::FailedPreconditionError(
              "attendance can be recorded once the session has started");
        }
        if (current->booking.state() == state) {
          return current;
        }
        auto* ps =
            &db::Cached(c,
                        "UPDATE calendar_entries SET state = ?, sequence = "
                        "sequence + 1, version = version + 1, update_time = "
                        "? WHERE id = ?");
        ps->setInt(1, state);
        ps->setString(2, db::FormatSqlDatetime(clock_->Now()));
        ps->setString(3, booking_id);
        ps->executeUpdate();
        return Load(c, starter_id, booking_id, false);
      });
}

}  // namespace samen::induction
