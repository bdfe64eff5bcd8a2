// Coaches' availability and the open slots computed from it.

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "cppconn/connection.h"
#include "cppconn/prepared_statement.h"
#include "cppconn/resultset.h"
#include "db/rows.h"
#include "db/sql_time.h"
#include "db/statement.h"
#include "db/statement_cache.h"
#include "db/transaction.h"
#include "db/where.h"
#include "services/common/errors.h"
#include "services/common/resource/etag.h"
#include "services/common/resource/text.h"
#include "services/common/status_macros.h"
#include "services/common/timestamp.h"
#include "services/induction/calendar_repository.h"
#include "services/induction/induction_repository.h"
#include "services/induction/names.h"

namespace samen::induction {
namespace {

using db::Rows;
using db::Str;

absl::Status NotFound(const std::string& coach_id) {
  return absl::NotFoundError(absl::StrCat(
      "coaches/", coach_id, "/availability has not been published"));
}

struct Header {
  int64_t version = 0;
  absl::Time create_time;
  absl::Time update_time;
};

// Reads the availability row (locked when `lock`) and its windows.
std::optional<std::pair<AvailabilitySpec, Header>> Load(
    sql::Connection& c, const std::string& coach_id, bool lock) {
  auto* ps = &db::Cached(
      c, absl::StrCat("SELECT slot_minutes, buffer_minutes, "
                      "max_sessions_per_day, location, online_link, "
                      "version, create_time, update_time FROM "
                      "coach_availability WHERE coach_id = ?",
                      lock ? " FOR UPDATE" : ""));
  ps->setString(1, coach_id);
  AvailabilitySpec spec;
  Header h;
  {
    Rows rs(ps->executeQuery());
    if (!rs->next()) {
      return std::nullopt;
    }
    spec.slot_minutes = rs->getInt("slot_minutes");
    spec.buffer_minutes = rs->getInt("buffer_minutes");
    spec.max_per_day = rs->getInt("max_sessions_per_day");
    spec.location = Str(*rs, "location");
    spec.online_link = Str(*rs, "online_link");
    h.version = rs->getInt64("version");
    h.create_time = db::Datetime(*rs, "create_time");
    h.update_time = db::Datetime(*rs, "update_time");
  }
  auto* windows =
      &db::Cached(c,
                  "SELECT weekday, start_minute, end_minute FROM "
                  "availability_windows WHERE coach_id = ? ORDER BY "
                  "position");
  windows->setString(1, coach_id);
  {
    Rows rs(windows->executeQuery());
    while (rs->next()) {
      spec.weekly.push_back({rs->getInt("weekday"), rs->getInt("start_minute"),
                             rs->getInt("end_minute")});
    }
  }
  auto* exceptions =
      &db::Cached(c,
                  "SELECT day, kind, start_minute, end_minute FROM "
                  "availability_exceptions WHERE coach_id = ? "
                  "ORDER BY position");
  exceptions->setString(1, coach_id);
  Rows rs(exceptions->executeQuery());
  while (rs->next()) {
    DayException e;
    absl::ParseCivilTime(Str(*rs, "day"), &e.day);
    e.day_off = rs->getInt("kind") == 1;
    e.start_minute = rs->getInt("start_minute");
    e.end_minute = rs->getInt("end_minute");
    spec.exceptions.push_back(e);
  }
  return std::make_pair(std::move(spec), h);
}

v1::Availability ToProto(const std::string& coach_id,
                         const AvailabilitySpec& spec, const Header& h) {
  v1::Availability a;
  a.set_name(absl::StrCat("coaches/", coach_id, "/availability"));
  AvailabilityToProto(spec, &a);
  a.set_etag(resource::MakeEtag(a.name(), h.version, h.create_time));
  ToTimestamp(h.update_time, a.mutable_update_time());
  return a;
}

}  // namespace

std::optional<AvailabilitySpec> LoadAvailabilitySpec(
    sql::Connection& c, const std::string& coach_id) {
  auto loaded = Load(c, coach_id, false);
  if (!loaded) {
    return std::nullopt;
  }
  return std::move(loaded->first);
}

absl::StatusOr<v1::Availability> InductionRepository::GetAvailability(
    const std::string& coach_id, absl::Time deadline) {
  return db::WithConnection<v1::Availability>(
      *pool_, deadline, "get availability",
      [&](sql::Connection& c) -> absl::StatusOr<v1::Availability> {
        auto loaded = Load(c, coach_id, false);
        if (!loaded) {
          return NotFound(coach_id);
        }
        return ToProto(coach_id, loaded->first, loaded->second);
      });
}

namespace {

// Replaces the coach's weekly windows and exceptions with those of `spec`.
void ReplaceWindows(sql::Connection& c, const std::string& coach_id,
                    const AvailabilitySpec& spec) {
  for (const char* table :
       {"availability_windows", "availability_exceptions"}) {
    auto* del = &db::Cached(
        c, absl::StrCat("DELETE FROM ", table, " WHERE coach_id = ?"));
    del->setString(1, coach_id);
    del->executeUpdate();
  }
  auto* w = &db::Cached(c,
                        "INSERT INTO availability_windows (coach_id, "
                        "position, weekday, start_minute, end_minute) VALUES "
                        "(?, ?, ?, ?, ?)");
  for (size_t i = 0; i < spec.weekly.size(); ++i) {
    w->setString(1, coach_id);
    w->setInt(2, static_cast<int>(i));
    w->setInt(3, spec.weekly[i].weekday);
    w->setInt(4, spec.weekly[i].start_minute);
    w->setInt(5, spec.weekly[i].end_minute);
    w->executeUpdate();
  }
  auto* x = &db::Cached(c,
                        "INSERT INTO availability_exceptions (coach_id, "
                        "position, day, kind, start_minute, end_minute) "
                        "VALUES (?, ?, ?, ?, ?, ?)");
  for (size_t i = 0; i < spec.exceptions.size(); ++i) {
    const auto& e = spec.exceptions[i];
    x->setString(1, coach_id);
    x->setInt(2, static_cast<int>(i));
    x->setString(3, resource::FormatDate(e.day));
    x->setInt(4, e.day_off ? 1 : 2);
    x->setInt(5, e.start_minute);
    x->setInt(6, e.end_minute);
    x->executeUpdate();
  }
}

}  // namespace

absl::StatusOr<v1::Availability> InductionRepository::PutAvailability(
    const std::string& coach_id, const AvailabilitySpec& spec,
    const std::string& etag, absl::Time deadline) {
  return db::InTransaction<v1::Availability>(
      *pool_, deadline, "update availability",
      [&](sql::Connection& c) -> absl::StatusOr<v1::Availability> {
        calendar::EnsurePersonRows(c, {coach_id});
        const std::string now = db::FormatSqlDatetime(clock_->Now());
        auto current = Load(c, coach_id, /*lock=*/true);
        if (current) {
          const std::string name =
              absl::StrCat("coaches/", coach_id, "/availability");
          RETURN_IF_ERROR(resource::CheckEtag(
              etag, resource::MakeEtag(name, current->second.version,
                                       current->second.create_time)));
          auto* up =
              &db::Cached(c,
                          "UPDATE coach_availability SET slot_minutes = ?, "
                          "buffer_minutes = ?, max_sessions_per_day = ?, "
                          "location = ?, online_link = ?, version = version "
                          "+ 1, update_time = ? WHERE coach_id = ?");
          up->setInt(1, spec.slot_minutes);
          up->setInt(2, spec.buffer_minutes);
          up->setInt(3, spec.max_per_day);
          up->setString(4, spec.location);
          up->setString(5, spec.online_link);
          up->setString(6, now);
          up->setString(7, coach_id);
          up->executeUpdate();
        } else {
          auto* in =
              &db::Cached(c,
                          "INSERT INTO coach_availability (coach_id, "
                          "slot_minutes, buffer_minutes, "
                          "max_sessions_per_day, location, online_link, "
                          "version, create_time, update_time) VALUES (?, ?, "
                          "?, ?, ?, ?, 1, ?, ?)");
          in->setString(1, coach_id);
          in->setInt(2, spec.slot_minutes);
          in->setInt(3, spec.buffer_minutes);
          in->setInt(4, spec.max_per_day);
          in->setString(5, spec.location);
          in->setString(6, spec.online_link);
          in->setString(7, now);
          in->setString(8, now);
          in->executeUpdate();
        }
        ReplaceWindows(c, coach_id, spec);
        auto loaded = Load(c, coach_id, false);
        if (!loaded) {
          return absl::InternalError("availability vanished while written");
        }
        return ToProto(coach_id, loaded->first, loaded->second);
      });
}

absl::StatusOr<std::vector<Interval>> InductionRepository::OpenSlots(
    const std::string& starter_id, const std::string& coach_id,
    absl::CivilDay first, absl::CivilDay last, absl::Time now,
    absl::Time deadline) {
  return db::WithConnection<std::vector<Interval>>(
      *pool_, deadline, "list open slots",
      [&](sql::Connection& c) -> absl::StatusOr<std::vector<Interval>> {
        auto starter = LoadStarter(c, starter_id, false);
        if (!starter.ok()) {
          return starter.status();
        }
        auto spec = LoadAvailabilitySpec(c, coach_id);
        if (!spec) {
          return std::vector<Interval>();
        }
        ASSIGN_OR_RETURN(auto programme,
                         LoadProgramme(c,
                                       starter->starter.programme().substr(
                                           sizeof("programmes/") - 1),
                                       false));
        const absl::Time from =
            LocalDay(first, Amsterdam()).start - absl::Hours(24);
        const absl::Time to = LocalDay(last, Amsterdam()).end + absl::Hours(24);
        auto busy =
            calendar::BusyOfEach(c, {coach_id, starter_id}, from, to, "");
        return induction::OpenSlots(
            *spec, PolicyFromProto(programme.booking_policy()), now, first,
            last, std::move(busy[0]), std::move(busy[1]));
      });
}

}  // namespace samen::induction
