// Programmes and their years (per starter kind).

#include <map>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "cppconn/connection.h"
#include "cppconn/prepared_statement.h"
#include "cppconn/resultset.h"
#include "db/rows.h"
#include "db/run.h"
#include "db/sql_time.h"
#include "db/statement.h"
#include "db/statement_cache.h"
#include "db/transaction.h"
#include "db/where.h"
#include "services/common/errors.h"
#include "services/common/resource/etag.h"
#include "services/common/status_macros.h"
#include "services/common/stored_resource.h"
#include "services/common/timestamp.h"
#include "services/induction/calendar_repository.h"
#include "services/induction/induction_repository.h"
#include "services/induction/names.h"
#include "services/induction/programme_rules.h"

namespace samen::induction {
namespace {

using db::Rows;
using db::Str;

constexpr char kColumns[] =
    "id, display_name, owner, duration_years, description, "
    "minimum_notice_seconds, booking_horizon_seconds, "
    "cancellation_notice_seconds, at_risk_after_weeks, version, create_time, "
    "update_time";

void SetSeconds(google::protobuf::Duration* d, int seconds) {
  if (seconds > 0) {
    d->set_seconds(seconds);
  }
}

v1::Programme ReadRow(sql::ResultSet& rs) {
  v1::Programme p;
  p.set_name(absl::StrCat("programmes/", Str(rs, "id")));
  p.set_display_name(Str(rs, "display_name"));
  p.set_owner(Str(rs, "owner"));
  p.set_duration_years(rs.getInt("duration_years"));
  p.set_description(Str(rs, "description"));
  auto* b = p.mutable_booking_policy();
  SetSeconds(b->mutable_minimum_notice(), rs.getInt("minimum_notice_seconds"));
  SetSeconds(b->mutable_booking_horizon(),
             rs.getInt("booking_horizon_seconds"));
  SetSeconds(b->mutable_cancellation_notice(),
             rs.getInt("cancellation_notice_seconds"));
  p.set_at_risk_after_weeks(rs.getInt("at_risk_after_weeks"));
  const absl::Time created = db::Datetime(rs, "create_time");
  p.set_etag(resource::MakeEtag(p.name(), rs.getInt64("version"), created));
  ToTimestamp(created, p.mutable_create_time());
  ToTimestamp(db::Datetime(rs, "update_time"), p.mutable_update_time());
  return p;
}

std::vector<std::string> Lines(const std::string& text) {
  return absl::StrSplit(text, '\n', absl::SkipEmpty());
}

// Fills years and variants of the programmes in `by_id`.
void LoadYears(sql::Connection& c,
               const std::map<std::string, v1::Programme*>& by_id) {
  auto* ps = &db::Cached(c,
                         "SELECT starter_kind, year, coaching_sessions, "
                         "lesson_visits, intervision_meetings, "
                         "learning_arrangements, training_items FROM "
                         "programme_years WHERE programme_id = ? ORDER BY "
                         "starter_kind, year");
  for (const auto& [id, p] : by_id) {
    ps->setString(1, id);
    Rows rs(ps->executeQuery());
    std::map<int, v1::ProgrammeVariant*> variants;
    while (rs->next()) {
      const int kind = rs->getInt("starter_kind");
      v1::ProgrammeYear* y = nullptr;
      if (kind == 0) {
        y = p->add_years();
      } else {
        auto& v = variants[kind];
        if (v == nullptr) {
          v = p->add_variants();
          v->set_kind(static_cast<v1::StarterKind>(kind));
        }
        y = v->add_years();
      }
      y->set_year(rs->getInt("year"));
      y->set_coaching_sessions(rs->getInt("coaching_sessions"));
      y->set_lesson_visits(rs->getInt("lesson_visits"));
      y->set_intervision_meetings(rs->getInt("intervision_meetings"));
      for (auto& t : Lines(Str(*rs, "learning_arrangements"))) {
        y->add_learning_arrangements(std::move(t));
      }
      for (auto& t : Lines(Str(*rs, "training_items"))) {
        y->add_training_items(std::move(t));
      }
    }
  }
}

void WriteYears(sql::Connection& c, const std::string& id,
                const v1::Programme& p) {
  auto* del =
      &db::Cached(c, "DELETE FROM programme_years WHERE programme_id = ?");
  del->setString(1, id);
  del->executeUpdate();
  auto* ins =
      &db::Cached(c,
                  "INSERT INTO programme_years (programme_id, starter_kind, "
                  "year, coaching_sessions, lesson_visits, "
                  "intervision_meetings, learning_arrangements, "
                  "training_items) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  auto write = [&](int kind, const v1::ProgrammeYear& y) {
    ins->setString(1, id);
    ins->setInt(2, kind);
    ins->setInt(3, y.year());
    ins->setInt(4, y.coaching_sessions());
    ins->setInt(5, y.lesson_visits());
    ins->setInt(6, y.intervision_meetings());
    ins->setString(7, absl::StrJoin(y.learning_arrangements(), "\n"));
    ins->setString(8, absl::StrJoin(y.training_items(), "\n"));
    ins->executeUpdate();
  };
  for (const auto& y : p.years()) {
    write(0, y);
  }
  for (const auto& v : p.variants()) {
    for (const auto& y : v.years()) {
      write(v.kind(), y);
    }
  }
}

void BindColumns(sql::PreparedStatement& ps, const v1::Programme& p,
                 int first) {
  const auto& b = p.booking_policy();
  ps.setString(first, p.display_name());
  ps.setInt(first + 1, p.duration_years());
  ps.setString(first + 2, p.description());
  ps.setInt(first + 3, static_cast<int>(b.minimum_notice().seconds()));
  ps.setInt(first + 4, static_cast<int>(b.booking_horizon().seconds()));
  ps.setInt(first + 5, static_cast<int>(b.cancellation_notice().seconds()));
  ps.setInt(first + 6, p.at_risk_after_weeks());
}

}  // namespace

absl::StatusOr<v1::Programme> LoadProgramme(sql::Connection& c,
                                            const std::string& id, bool lock) {
  ASSIGN_OR_RETURN(
      v1::Programme p,
      LoadById(
          c, absl::StrCat("SELECT ", kColumns, " FROM programmes WHERE id = ?"),
          "programmes", id, lock, ReadRow));
  LoadYears(c, {{id, &p}});
  return p;
}

absl::Status InductionRepository::Ping(absl::Time deadline) {
  return db::RunWithConnection(
      *pool_, deadline, "health check", [](sql::Connection& c) {
        Rows rs(db::Cached(c, "SELECT 1").executeQuery());
        return absl::OkStatus();
      });
}

absl::StatusOr<v1::Programme> InductionRepository::GetProgramme(
    const std::string& id, absl::Time deadline) {
  return db::WithConnection<v1::Programme>(
      *pool_, deadline, "get programme",
      [&](sql::Connection& c) { return LoadProgramme(c, id, false); });
}

absl::StatusOr<Page<v1::Programme>> InductionRepository::ListProgrammes(
    const std::string& owner, const std::string& after, int limit,
    absl::Time deadline) {
  return db::WithConnection<Page<v1::Programme>>(
      *pool_, deadline, "list programmes",
      [&](sql::Connection& c) -> absl::StatusOr<Page<v1::Programme>> {
        auto* ps = &db::Cached(
            c, owner.empty()
                   ? absl::StrCat("SELECT ", kColumns,
                                  " FROM programmes WHERE id > ? ORDER BY id "
                                  "LIMIT ?")
                   : absl::StrCat("SELECT ", kColumns,
                                  " FROM programmes WHERE id > ? AND owner = "
                                  "? ORDER BY id LIMIT ?"));
        int i = 1;
        ps->setString(i++, after);
        if (!owner.empty()) {
          ps->setString(i++, owner);
        }
        ps->setInt(i++, limit + 1);
        Page<v1::Programme> page;
        {
          Rows rs(ps->executeQuery());
          while (rs->next()) {
            page.items.push_back(ReadRow(*rs));
          }
        }
        if (static_cast<int>(page.items.size()) > limit) {
          page.items.pop_back();
          page.next_key = page.items.back().name().substr(11);
        }
        std::map<std::string, v1::Programme*> by_id;
        for (auto& p : page.items) {
          by_id[p.name().substr(11)] = &p;
        }
        LoadYears(c, by_id);
        return page;
      });
}

absl::StatusOr<v1::Programme> InductionRepository::CreateProgramme(
    const std::string& id, const v1::Programme& p, absl::Time deadline) {
  return db::InTransaction<v1::Programme>(
      *pool_, deadline, "create programme",
      [&](sql::Connection& c) -> absl::StatusOr<v1::Programme> {
        const std::string now = db::FormatSqlDatetime(clock_->Now());
        auto* ps =
            &db::Cached(c,
                        "INSERT INTO programmes (id, owner, display_name, "
                        "duration_years, description, "
                        "minimum_notice_seconds, booking_horizon_seconds, "
                        "cancellation_notice_seconds, at_risk_after_weeks, "
                        "version, create_time, update_time) VALUES (?, ?, "
                        "?, ?, ?, ?, ?, ?, ?, 1, ?, ?)");
        ps->setString(1, id);
        ps->setString(2, p.owner());
        BindColumns(*ps, p, 3);
        ps->setString(10, now);
        ps->setString(11, now);
        ps->executeUpdate();
        WriteYears(c, id, p);
        return LoadProgramme(c, id, false);
      });
}

absl::StatusOr<v1::Programme> InductionRepository::UpdateProgramme(
    const std::string& id, const std::string& etag,
    const std::function<absl::Status(v1::Programme*)>& mutate,
    absl::Time deadline) {
  return db::InTransaction<v1::Programme>(
      *pool_, deadline, "update programme",
      [&](sql::Connection& c) -> absl::StatusOr<v1::Programme> {
        ASSIGN_OR_RETURN(auto current, LoadProgramme(c, id, /*lock=*/true));
        RETURN_IF_ERROR(resource::CheckEtag(etag, current.etag()));
        v1::Programme next = current;
        RETURN_IF_ERROR(mutate(&next));
        auto* ps =
            &db::Cached(c,
                        "UPDATE programmes SET display_name = ?, "
                        "duration_years = ?, description = ?, "
                        "minimum_notice_seconds = ?, "
                        "booking_horizon_seconds = ?, "
                        "cancellation_notice_seconds = ?, "
                        "at_risk_after_weeks = ?, version = version + 1, "
                        "update_time = ? WHERE id = ?");
        BindColumns(*ps, next, 1);
        ps->setString(8, db::FormatSqlDatetime(clock_->Now()));
        ps->setString(9, id);
        ps->executeUpdate();
        WriteYears(c, id, next);
        return LoadProgramme(c, id, false);
      });
}

}  // namespace samen::induction
