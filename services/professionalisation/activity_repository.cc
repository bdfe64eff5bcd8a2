// Activities: the catalogue, create, update (with promotion on a larger
// capacity) and delete.

#include <map>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "cppconn/connection.h"
#include "cppconn/datatype.h"
#include "cppconn/exception.h"
#include "cppconn/prepared_statement.h"
#include "cppconn/resultset.h"
#include "db/errors.h"
#include "db/keyset.h"
#include "db/list_column.h"
#include "db/rows.h"
#include "db/run.h"
#include "db/sql_time.h"
#include "db/statement.h"
#include "db/statement_cache.h"
#include "db/transaction.h"
#include "db/where.h"
#include "samen/partners/v1/resources.pb.h"
#include "services/common/errors.h"
#include "services/common/notify/outbox.h"
#include "services/common/resource/etag.h"
#include "services/common/status_macros.h"
#include "services/common/timestamp.h"
#include "services/professionalisation/enrolment_store.h"
#include "services/professionalisation/professionalisation_repository.h"

namespace samen::professionalisation {
namespace {

using db::Rows;
using db::Str;

constexpr char kColumns[] =
    "a.id, a.owner, a.kind, a.title, a.description, a.audiences, a.sectors, "
    "a.capacity, a.enrolment_open_time, a.enrolment_close_time, "
    "a.cancellation_deadline, a.hours_centis, a.approval_required, "
    "a.series_id, a.series_cap, a.required_sessions, a.first_start, "
    "a.last_end, a.enrolled_count, a.waitlisted_count, a.pending_count, "
    "a.version, a.create_time, a.update_time, a.cancel_time, a.cancel_reason";

v1::Activity ReadRow(sql::ResultSet& rs) {
  v1::Activity a;
  a.set_name(ActivityName(Str(rs, "id")));
  a.set_owner(Str(rs, "owner"));
  a.set_kind(static_cast<v1::ActivityKind>(rs.getInt("kind")));
  a.set_title(Str(rs, "title"));
  a.set_description(Str(rs, "description"));
  for (const auto& name : db::SplitList(Str(rs, "audiences"))) {
    v1::Audience audience;
    if (v1::Audience_Parse(name, &audience)) {
      a.add_audiences(audience);
    }
  }
  for (const auto& name : db::SplitList(Str(rs, "sectors"))) {
    partners::v1::Sector sector;
    if (partners::v1::Sector_Parse(name, &sector)) {
      a.add_sectors(sector);
    }
  }
  a.set_capacity(rs.getInt("capacity"));
  ToTimestamp(db::Datetime(rs, "enrolment_open_time"),
              a.mutable_enrolment_open_time());
  ToTimestamp(db::Datetime(rs, "enrolment_close_time"),
              a.mutable_enrolment_close_time());
  ToTimestamp(db::Datetime(rs, "cancellation_deadline"),
              a.mutable_cancellation_deadline());
  a.set_hours(CentisToHours(rs.getInt64("hours_centis")));
  a.set_approval_required(rs.getBoolean("approval_required"));
  if (!Str(rs, "series_id").empty()) {
    a.mutable_series()->set_id(Str(rs, "series_id"));
    a.mutable_series()->set_max_per_person(rs.getInt("series_cap"));
  }
  a.set_required_sessions(rs.getInt("required_sessions"));
  a.set_enrolled_count(rs.getInt("enrolled_count"));
  a.set_waitlisted_count(rs.getInt("waitlisted_count"));
  a.set_pending_count(rs.getInt("pending_count"));
  a.set_free_places(std::max(0, a.capacity() - a.enrolled_count()));
  ToTimestamp(db::Datetime(rs, "first_start"), a.mutable_start_time());
  ToTimestamp(db::Datetime(rs, "last_end"), a.mutable_end_time());
  const absl::Time created = db::Datetime(rs, "create_time");
  a.set_etag(resource::MakeEtag(a.name(), rs.getInt64("version"), created));
  ToTimestamp(created, a.mutable_create_time());
  ToTimestamp(db::Datetime(rs, "update_time"), a.mutable_update_time());
  if (!rs.isNull("cancel_time")) {
    ToTimestamp(db::Datetime(rs, "cancel_time"), a.mutable_cancel_time());
    a.set_cancel_reason(Str(rs, "cancel_reason"));
  }
  return a;
}

// Fills sessions and themes of `items` in two queries.
void LoadChildren(sql::Connection& c, const std::vector<v1::Activity*>& items) {
  if (items.empty()) {
    return;
  }
  std::map<std::string, v1::Activity*> by_id;
  for (auto* a : items) {
    by_id[a->name().substr(sizeof("activities/") - 1)] = a;
  }
  const std::string in = db::Placeholders(by_id.size());
  auto bind = [&](sql::PreparedStatement& ps) {
    int i = 1;
    for (const auto& [id, a] : by_id) {
      ps.setString(i++, id);
    }
  };
  {
    auto ps = db::Prepare(
        c, absl::StrCat("SELECT activity_id, session_id, title, local_date, "
                        "local_start, local_end, start_time, end_time, "
                        "location_id, location_name, city, online, room FROM "
                        "activity_sessions WHERE activity_id IN (",
                        in, ") ORDER BY activity_id, position"));
    bind(*ps);
    Rows rs(ps->executeQuery());
    while (rs->next()) {
      v1::Activity* a = by_id[Str(*rs, "activity_id")];
      v1::Session* s = a->add_sessions();
      s->set_id(Str(*rs, "session_id"));
      s->set_name(absl::StrCat(a->name(), "/sessions/", s->id()));
      s->set_title(Str(*rs, "title"));
      s->set_date(Str(*rs, "local_date"));
      s->set_start(Str(*rs, "local_start"));
      s->set_end(Str(*rs, "local_end"));
      ToTimestamp(db::Datetime(*rs, "start_time"), s->mutable_start_time());
      ToTimestamp(db::Datetime(*rs, "end_time"), s->mutable_end_time());
      if (!rs->isNull("location_id")) {
        s->set_location(
            absl::StrCat("organisations/", Str(*rs, "location_id")));
      }
      s->set_location_display_name(Str(*rs, "location_name"));
      s->set_city(Str(*rs, "city"));
      s->set_online(rs->getBoolean("online"));
      s->set_room(Str(*rs, "room"));
    }
  }
  auto ps = db::Prepare(
      c, absl::StrCat("SELECT activity_id, theme FROM activity_themes WHERE "
                      "activity_id IN (",
                      in, ") ORDER BY activity_id, position"));
  bind(*ps);
  Rows rs(ps->executeQuery());
  while (rs->next()) {
    by_id[Str(*rs, "activity_id")]->add_themes(Str(*rs, "theme"));
  }
}

absl::StatusOr<v1::Activity> Load(sql::Connection& c, const std::string& id,
                                  bool lock) {
  auto& ps = db::Cached(
      c, absl::StrCat("SELECT ", kColumns, " FROM activities a WHERE a.id = ?",
                      lock ? " FOR UPDATE" : ""));
  ps.setString(1, id);
  Rows rs(ps.executeQuery());
  if (!rs->next()) {
    return absl::NotFoundError(
        absl::StrCat(ActivityName(id), " does not exist"));
  }
  v1::Activity a = ReadRow(*rs);
  rs.reset();
  LoadChildren(c, {&a});
  return a;
}

std::string EnumCsv(const google::protobuf::RepeatedField<int>& values,
                    bool audiences) {
  std::vector<std::string> names;
  for (int v : values) {
    names.push_back(audiences ? v1::Audience_Name(static_cast<v1::Audience>(v))
                              : partners::v1::Sector_Name(
                                    static_cast<partners::v1::Sector>(v)));
  }
  return db::JoinList(names);
}

// Binds the columns an organiser sets, in the order of kWritable.
constexpr char kWritable[] =
    "owner = ?, kind = ?, title = ?, description = ?, audiences = ?, "
    "sectors = ?, capacity = ?, enrolment_open_time = ?, "
    "enrolment_close_time = ?, cancellation_deadline = ?, hours_centis = ?, "
    "approval_required = ?, series_id = ?, series_cap = ?, "
    "required_sessions = ?, first_start = ?, last_end = ?";
int BindWritable(sql::PreparedStatement& ps, const v1::Activity& a) {
  int i = 1;
  ps.setString(i++, a.owner());
  ps.setInt(i++, a.kind());
  ps.setString(i++, a.title());
  ps.setString(i++, a.description());
  ps.setString(i++, EnumCsv(a.audiences(), true));
  ps.setString(i++, EnumCsv(a.sectors(), false));
  ps.setInt(i++, a.capacity());
  ps.setString(i++,
               db::FormatSqlDatetime(FromTimestamp(a.enrolment_open_time())));
  ps.setString(i++,
               db::FormatSqlDatetime(FromTimestamp(a.enrolment_close_time())));
  ps.setString(i++,
               db::FormatSqlDatetime(FromTimestamp(a.cancellation_deadline())));
  ps.setInt64(i++, HoursToCentis(a.hours()));
  ps.setBoolean(i++, a.approval_required());
  ps.setString(i++, a.series().id());
  ps.setInt(i++, a.series().max_per_person());
  ps.setInt(i++, a.required_sessions());
  ps.setString(i++, db::FormatSqlDatetime(FromTimestamp(a.start_time())));
  ps.setString(i++, db::FormatSqlDatetime(FromTimestamp(a.end_time())));
  return i;
}

// Replaces sessions and themes. A removed session with attendance recorded is
// refused by its foreign key.
absl::Status WriteChildren(sql::Connection& c, const std::string& id,
                           const v1::Activity& a) {
  std::vector<std::string> keep;
  for (const auto& s : a.sessions()) {
    keep.push_back(s.id());
  }
  // Never all of them: an activity has at least one session.
  RETURN_IF_ERROR(db::CatchSqlError(
      {db::kErRowIsReferenced},
      [&] {
        db::DeleteChildrenExcept(c, "activity_sessions", "activity_id", id,
                                 "session_id", keep);
      },
      [](const sql::SQLException&) {
        return WithReason(absl::FailedPreconditionError(
                              "a session with attendance recorded cannot be "
                              "removed"),
                          "SESSION_HAS_ATTENDANCE");
      }));
  auto& upsert = db::Cached(
      c,
      "INSERT INTO activity_sessions (activity_id, session_id, position, "
      "title, local_date, local_start, local_end, start_time, end_time, "
      "location_id, location_name, city, online, room) VALUES (?, ?, ?, ?, ?, "
      "?, ?, ?, ?, ?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE position = "
      "VALUES(position), title = VALUES(title), local_date = "
      "VALUES(local_date), local_start = VALUES(local_start), local_end = "
      "VALUES(local_end), start_time = VALUES(start_time), end_time = "
      "VALUES(end_time), location_id = VALUES(location_id), location_name = "
      "VALUES(location_name), city = VALUES(city), online = VALUES(online), "
      "room = VALUES(room)");
  for (int i = 0; i < a.sessions_size(); ++i) {
    const v1::Session& s = a.sessions(i);
    upsert.setString(1, id);
    upsert.setString(2, s.id());
    upsert.setInt(3, i);
    upsert.setString(4, s.title());
    upsert.setString(5, s.date());
    upsert.setString(6, s.start());
    upsert.setString(7, s.end());
    upsert.setString(8, db::FormatSqlDatetime(FromTimestamp(s.start_time())));
    upsert.setString(9, db::FormatSqlDatetime(FromTimestamp(s.end_time())));
    if (s.location().empty()) {
      upsert.setNull(10, sql::DataType::VARCHAR);
    } else {
      upsert.setString(10, s.location().substr(sizeof("organisations/") - 1));
    }
    upsert.setString(11, s.location_display_name());
    upsert.setString(12, s.city());
    upsert.setBoolean(13, s.online());
    upsert.setString(14, s.room());
    upsert.executeUpdate();
  }
  auto& del = db::Cached(c,
                         "DELETE FROM activity_themes WHERE activity_id "
                         "= ?");
  del.setString(1, id);
  del.executeUpdate();
  auto& ins = db::Cached(c,
                         "INSERT INTO activity_themes (activity_id, "
                         "theme, position) VALUES (?, ?, ?)");
  for (int i = 0; i < a.themes_size(); ++i) {
    ins.setString(1, id);
    ins.setString(2, a.themes(i));
    ins.setInt(3, i);
    ins.executeUpdate();
  }
  return absl::OkStatus();
}

// A LIKE pattern matching `word` anywhere, with its wildcards escaped.
std::string Contains(absl::string_view word) {
  std::string out = "%";
  for (char c : word) {
    if (c == '%' || c == '_' || c == '\\') {
      out += '\\';
    }
    out += c;
  }
  out += '%';
  return out;
}

// The filter's conditions (the page key aside).
void AddFilter(const ActivityFilter& f, db::Where& w) {
  if (f.audience != v1::AUDIENCE_UNSPECIFIED) {
    w.Add("(a.audiences = '' OR FIND_IN_SET(?, a.audiences) > 0)",
          {v1::Audience_Name(f.audience)});
  }
  if (f.kind != v1::ACTIVITY_KIND_UNSPECIFIED) {
    w.Add("a.kind = ?", {static_cast<int64_t>(f.kind)});
  }
  if (f.sector != 0) {
    w.Add("(a.sectors = '' OR FIND_IN_SET(?, a.sectors) > 0)",
          {partners::v1::Sector_Name(
              static_cast<partners::v1::Sector>(f.sector))});
  }
  if (!f.owner.empty()) {
    w.Add("a.owner = ?", {f.owner});
  }
  if (!f.theme.empty()) {
    w.Add(
        "EXISTS (SELECT 1 FROM activity_themes t WHERE t.activity_id "
        "= a.id AND t.theme = ?)",
        {f.theme});
  }
  if (!f.location_id.empty()) {
    w.Add(
        "EXISTS (SELECT 1 FROM activity_sessions s WHERE "
        "s.activity_id = a.id AND s.location_id = ?)",
        {f.location_id});
  }
  if (!f.city.empty()) {
    w.Add(
        "EXISTS (SELECT 1 FROM activity_sessions s WHERE "
        "s.activity_id = a.id AND s.city = ?)",
        {f.city});
  }
  if (f.range.from != absl::InfinitePast() ||
      f.range.to != absl::InfiniteFuture()) {
    const absl::Time to = f.range.to == absl::InfiniteFuture()
                              ? absl::FromUnixSeconds(4102444800)
                              : f.range.to;
    const absl::Time from = f.range.from == absl::InfinitePast()
                                ? absl::FromUnixSeconds(0)
                                : f.range.from;
    // Sessions lie within [first_start, last_end], so these two are necessary
    // and, with one side open (the default: from now on), sufficient; they
    // are a range of ix_activities_upcoming with an index condition.
    w.Add("a.last_end > ? AND a.first_start < ?", {from, to});
    if (f.range.from != absl::InfinitePast() &&
        f.range.to != absl::InfiniteFuture()) {
      w.Add(
          "EXISTS (SELECT 1 FROM activity_sessions s WHERE "
          "s.activity_id = a.id AND s.end_time > ? AND s.start_time < "
          "?)",
          {from, to});
    }
  }
  for (absl::string_view word :
       absl::StrSplit(f.query, ' ', absl::SkipWhitespace())) {
    const std::string like = Contains(word);
    w.Add(
        "(a.title LIKE ? OR a.description LIKE ? OR EXISTS (SELECT 1 "
        "FROM activity_themes t WHERE t.activity_id = a.id AND "
        "t.theme LIKE ?))",
        {like, like, like});
  }
  if (f.only_with_free_places) {
    w.Add("a.enrolled_count < a.capacity");
  }
}

}  // namespace

absl::Status ProfessionalisationRepository::Ping(absl::Time deadline) {
  return db::RunWithConnection(
      *pool_, deadline, "health check", [](sql::Connection& c) {
        Rows rs(db::Prepare(c, "SELECT 1")->executeQuery());
        return absl::OkStatus();
      });
}

absl::StatusOr<v1::Activity> ProfessionalisationRepository::GetActivity(
    const std::string& id, absl::Time deadline) {
  return db::WithConnection<v1::Activity>(
      *pool_, deadline, "get activity",
      [&](sql::Connection& c) { return Load(c, id, /*lock=*/false); });
}

absl::StatusOr<ActivityFacts> ProfessionalisationRepository::GetFacts(
    const std::string& id, absl::Time deadline) {
  return db::WithConnection<ActivityFacts>(
      *pool_, deadline, "read activity", [&](sql::Connection& c) {
        return store::LoadFacts(c, id, /*lock=*/false);
      });
}

absl::StatusOr<Page<v1::Activity>>
ProfessionalisationRepository::ListActivities(const ActivityFilter& f,
                                              const std::string& after,
                                              int limit, absl::Time deadline) {
  return db::WithConnection<Page<v1::Activity>>(
      *pool_, deadline, "list activities",
      [&](sql::Connection& c) -> absl::StatusOr<Page<v1::Activity>> {
        const db::Keyset keyset("a.first_start", "a.id");
        db::Where w;
        if (!keyset.AfterTimeKey(after, w)) {
          return absl::InvalidArgumentError("page_token: unreadable");
        }
        AddFilter(f, w);
        // The page order's index (first_start, id, last_end), chosen up
        // front: left to itself the optimizer plans a scan, then switches to
        // the index for the ORDER BY without the index condition on last_end
        // and reads the row of every activity that has ended. An owner's
        // activities have their own index (owner, first_start, id).
        auto ps = db::Prepare(
            c,
            absl::StrCat(
                "SELECT ", kColumns, " FROM activities a",
                f.owner.empty() ? " FORCE INDEX (ix_activities_upcoming)" : "",
                w.Clause(), keyset.OrderByLimit()));
        ps->setInt64(w.Bind(*ps), db::Keyset::Fetch(limit));
        Page<v1::Activity> page;
        {
          Rows rs(ps->executeQuery());
          while (rs->next()) {
            page.items.push_back(ReadRow(*rs));
          }
        }
        if (db::TrimToPage(page.items, limit)) {
          const v1::Activity& last = page.items.back();
          page.next_key =
              db::EncodeTimeKey(FromTimestamp(last.start_time()),
                                last.name().substr(sizeof("activities/") - 1));
        }
        std::vector<v1::Activity*> ptrs;
        for (auto& a : page.items) {
          ptrs.push_back(&a);
        }
        LoadChildren(c, ptrs);
        return page;
      });
}

absl::StatusOr<v1::Activity> ProfessionalisationRepository::CreateActivity(
    const std::string& id, const v1::Activity& activity, absl::Time now,
    absl::Time deadline) {
  return db::InTransaction<v1::Activity>(
      *pool_, deadline, "create activity",
      [&](sql::Connection& c) -> absl::StatusOr<v1::Activity> {
        auto ps = db::Prepare(
            c, absl::StrCat("INSERT INTO activities SET ", kWritable,
                            ", id = ?, create_time = ?, update_time = ?"));
        int i = BindWritable(*ps, activity);
        ps->setString(i++, id);
        ps->setString(i++, db::FormatSqlDatetime(now));
        ps->setString(i++, db::FormatSqlDatetime(now));
        try {
          ps->executeUpdate();
        } catch (const sql::SQLException& e) {
          if (e.getErrorCode() == db::kErDupEntry) {
            return absl::AlreadyExistsError(
                absl::StrCat(ActivityName(id), " already exists"));
          }
          throw;
        }
        RETURN_IF_ERROR(WriteChildren(c, id, activity));
        return Load(c, id, /*lock=*/false);
      });
}

absl::StatusOr<v1::Activity> ProfessionalisationRepository::UpdateActivity(
    const std::string& id, const std::string& etag,
    const ActivityMutation& mutate, const std::string& actor_id, absl::Time now,
    absl::Time deadline) {
  auto result = db::InTransaction<v1::Activity>(
      *pool_, deadline, "update activity",
      [&](sql::Connection& c) -> absl::StatusOr<v1::Activity> {
        ASSIGN_OR_RETURN(v1::Activity current, Load(c, id, /*lock=*/true));
        RETURN_IF_ERROR(resource::CheckEtag(etag, current.etag()));
        if (current.has_cancel_time()) {
          return WithReason(absl::FailedPreconditionError(absl::StrCat(
                                current.name(), " has been cancelled")),
                            "ACTIVITY_CANCELLED");
        }
        v1::Activity next = current;
        RETURN_IF_ERROR(mutate(&next));
        auto ps = db::Prepare(
            c, absl::StrCat("UPDATE activities SET ", kWritable,
                            ", version = version + 1, update_time = ? WHERE "
                            "id = ?"));
        int i = BindWritable(*ps, next);
        ps->setString(i++, db::FormatSqlDatetime(now));
        ps->setString(i++, id);
        ps->executeUpdate();
        RETURN_IF_ERROR(WriteChildren(c, id, next));
        if (next.capacity() > current.capacity()) {
          ASSIGN_OR_RETURN(ActivityFacts facts,
                           store::LoadFacts(c, id, /*lock=*/false));
          std::vector<store::Event> events;
          store::PromoteFromWaitlist(c, &facts, actor_id, now, &events);
          store::WriteCounters(c, facts);
          store::AppendEvents(c, events);
        }
        return Load(c, id, /*lock=*/false);
      });
  return notify::WakeAfter(std::move(result), mail_enqueued_);
}

absl::Status ProfessionalisationRepository::DeleteActivity(
    const std::string& id, const std::string& etag, absl::Time deadline) {
  return db::RunInTransaction(
      *pool_, deadline, "delete activity", [&](sql::Connection& c) {
        ASSIGN_OR_RETURN(v1::Activity current, Load(c, id, /*lock=*/true));
        RETURN_IF_ERROR(resource::CheckEtag(etag, current.etag()));
        if (current.enrolled_count() + current.waitlisted_count() +
                current.pending_count() >
            0) {
          return WithReason(
              absl::FailedPreconditionError(
                  "people are enrolled, waitlisted or waiting for approval; "
                  "cancel their enrolments first"),
              "ACTIVITY_HAS_ENROLMENTS");
        }
        for (const char* table :
             {"feedback", "attendance", "enrolments", "activity_sessions",
              "activity_themes", "activities"}) {
          auto ps = db::Prepare(
              c, absl::StrCat(
                     "DELETE FROM ", table, " WHERE ",
                     std::string(table) == "activities" ? "id" : "activity_id",
                     " = ?"));
          ps->setString(1, id);
          ps->executeUpdate();
        }
        return absl::OkStatus();
      });
}

absl::StatusOr<v1::Activity> ProfessionalisationRepository::CancelActivity(
    const std::string& id, const std::string& etag, const std::string& reason,
    const std::string& actor_id, absl::Time now, absl::Time deadline) {
  auto result = db::InTransaction<v1::Activity>(
      *pool_, deadline, "cancel activity",
      [&](sql::Connection& c) -> absl::StatusOr<v1::Activity> {
        ASSIGN_OR_RETURN(v1::Activity current, Load(c, id, /*lock=*/true));
        RETURN_IF_ERROR(resource::CheckEtag(etag, current.etag()));
        ASSIGN_OR_RETURN(ActivityFacts facts,
                         store::LoadFacts(c, id, /*lock=*/false));
        RETURN_IF_ERROR(CheckNotCancelled(facts));
        std::vector<std::pair<std::string, State>> active;
        {
          Rows rs = db::ExecuteQuery(
              c,
              "SELECT person_id, state FROM enrolments WHERE activity_id = ? "
              "AND state IN (1, 2, 3) ORDER BY arrival",
              id);
          while (rs->next()) {
            active.emplace_back(Str(*rs, "person_id"),
                                static_cast<State>(rs->getInt("state")));
          }
        }
        std::vector<store::Event> events;
        for (const auto& [person, previous] : active) {
          store::SetState(c, id, person, v1::Enrolment::CANCELLED,
                          /*promoted=*/false, &reason, now);
          --(previous == v1::Enrolment::ENROLLED     ? facts.enrolled
             : previous == v1::Enrolment::WAITLISTED ? facts.waitlisted
                                                     : facts.pending);
          store::Event e = store::MakeEvent(
              facts, person, v1::EnrolmentEvent::CANCELLED, previous,
              v1::Enrolment::CANCELLED, actor_id, now);
          e.note = reason;
          e.activity_cancelled = true;
          events.push_back(std::move(e));
        }
        store::WriteCounters(c, facts);
        db::ExecuteUpdate(c,
                          "UPDATE activities SET cancel_time = ?, "
                          "cancel_reason = ?, version = version + 1, "
                          "update_time = ? WHERE id = ?",
                          now, reason, now, id);
        store::AppendEvents(c, events);
        return Load(c, id, /*lock=*/false);
      });
  return notify::WakeAfter(std::move(result), mail_enqueued_);
}

}  // namespace samen::professionalisation
