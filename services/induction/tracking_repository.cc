// HR tracking and the audit of reads.

#include <algorithm>
#include <map>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "cppconn/connection.h"
#include "cppconn/prepared_statement.h"
#include "cppconn/resultset.h"
#include "db/keyset.h"
#include "db/rows.h"
#include "db/run.h"
#include "db/sql_time.h"
#include "db/statement.h"
#include "db/statement_cache.h"
#include "db/transaction.h"
#include "db/where.h"
#include "services/common/privacy/person_data_rpc.h"
#include "services/common/timestamp.h"
#include "services/induction/calendar_repository.h"
#include "services/induction/induction_repository.h"
#include "services/induction/names.h"
#include "services/induction/programme_rules.h"

namespace samen::induction {
namespace {

using db::Rows;
using db::Str;

// Counts of the current programme year per starter, set-based: the page of
// starters first (`page`, keyset and scope), then one pass over the page's
// calendar entries (`counts`) and one over its participations (`contact`),
// each grouped per starter and joined back; a starter without entries keeps
// its row with zero counts. Only calendar_entries and entry_participants:
// tracking never reads coaching_notes. Binds: the WHERE arguments, the limit,
// then `now` (kTrackingCounts).
constexpr char kTrackingPage[] =
    "WITH page AS (SELECT s.id, s.display_name, s.school_id, s.programme_id, "
    "s.kind, s.start_date, s.current_year, s.status FROM starters s WHERE ";
constexpr char kTrackingCounts[] =
    " ORDER BY s.id LIMIT ?), "
    "counts AS (SELECT pg.id AS starter_id, "
    "COUNT(CASE WHEN e.kind = 1 AND e.programme_year = pg.current_year AND "
    "(e.state IN (1, 3, 4) OR (e.state = 2 AND e.late_cancellation)) THEN 1 "
    "END) AS used, "
    "COUNT(CASE WHEN e.kind = 1 AND e.programme_year = pg.current_year AND "
    "e.state = 3 THEN 1 END) AS held, "
    "COUNT(CASE WHEN e.kind = 1 AND e.programme_year = pg.current_year AND "
    "e.state = 4 THEN 1 END) AS no_shows, "
    "COUNT(CASE WHEN e.kind = 2 AND e.programme_year = pg.current_year AND "
    "e.state = 3 THEN 1 END) AS visits, "
    "MIN(CASE WHEN e.kind = 1 AND e.state = 1 AND e.start_time >= ? THEN "
    "e.start_time END) AS next_booking "
    "FROM page pg JOIN calendar_entries e ON e.starter_id = pg.id "
    "GROUP BY pg.id), "
    "contact AS (SELECT pg.id AS starter_id, MAX(e.end_time) AS last_contact "
    "FROM page pg JOIN entry_participants p ON p.person_id = pg.id "
    "JOIN calendar_entries e ON e.id = p.entry_id AND e.state = 3 "
    "GROUP BY pg.id) "
    "SELECT page.id, page.display_name, page.school_id, page.programme_id, "
    "page.kind, page.start_date, page.current_year, page.status, "
    "COALESCE(counts.used, 0) AS used, COALESCE(counts.held, 0) AS held, "
    "COALESCE(counts.no_shows, 0) AS no_shows, "
    "COALESCE(counts.visits, 0) AS visits, contact.last_contact, "
    "counts.next_booking "
    "FROM page LEFT JOIN counts ON counts.starter_id = page.id "
    "LEFT JOIN contact ON contact.starter_id = page.id ORDER BY page.id";

TrackingItem ReadTrackingRow(const sql::ResultSet& rs) {
  TrackingItem item;
  v1::StarterTracking& r = item.row;
  r.set_starter(absl::StrCat("starters/", Str(rs, "id")));
  r.set_display_name(Str(rs, "display_name"));
  r.set_school(absl::StrCat("organisations/", Str(rs, "school_id")));
  r.set_programme(absl::StrCat("programmes/", Str(rs, "programme_id")));
  r.set_kind(static_cast<v1::StarterKind>(db::Int(rs, "kind")));
  r.set_start_date(Str(rs, "start_date"));
  r.set_current_year(db::Int(rs, "current_year"));
  r.set_status(static_cast<v1::Starter::Status>(db::Int(rs, "status")));
  r.set_sessions_used(db::Int(rs, "used"));
  r.set_sessions_held(db::Int(rs, "held"));
  r.set_lesson_visits_done(db::Int(rs, "visits"));
  item.facts.no_shows = db::Int(rs, "no_shows");
  item.facts.current_year = r.current_year();
  absl::ParseCivilTime(r.start_date(), &item.facts.start_date);
  if (auto t = db::NullableDatetime(rs, "last_contact")) {
    item.facts.last_contact = *t;
    ToTimestamp(*t, r.mutable_last_contact_time());
  }
  if (auto t = db::NullableDatetime(rs, "next_booking")) {
    ToTimestamp(*t, r.mutable_next_booking_time());
  }
  return item;
}

// Quotas and the at-risk threshold from each row's programme.
void AddProgrammeFacts(sql::Connection& c, std::vector<TrackingItem>& items) {
  std::map<std::string, v1::Programme> programmes;
  for (const auto& item : items) {
    programmes[item.row.programme().substr(sizeof("programmes/") - 1)];
  }
  for (auto& [id, p] : programmes) {
    auto loaded = LoadProgramme(c, id, false);
    if (loaded.ok()) {
      p = *std::move(loaded);
    }
  }
  for (auto& item : items) {
    const v1::Programme& p =
        programmes[item.row.programme().substr(sizeof("programmes/") - 1)];
    const YearQuota q = QuotaFor(p, item.row.kind(), item.row.current_year());
    item.row.set_sessions_quota(q.coaching_sessions);
    item.row.set_lesson_visits_quota(q.lesson_visits);
    item.facts.at_risk_weeks = AtRiskWeeks(p);
  }
}

}  // namespace

absl::StatusOr<Page<TrackingItem>> InductionRepository::Tracking(
    const HrScope& scope, const TrackingFilter& filter,
    const std::string& after, int limit, absl::Time now, absl::Time deadline) {
  return db::WithConnection<Page<TrackingItem>>(
      *pool_, deadline, "starter tracking",
      [&](sql::Connection& c) -> absl::StatusOr<Page<TrackingItem>> {
        const auto& orgs = scope.organisation_ids;
        if (!scope.all && orgs.empty()) {
          return Page<TrackingItem>();
        }
        db::Where w;
        w.Add("s.id > ?", {after});
        if (!filter.starter_id.empty()) {
          w.Add("s.id = ?", {filter.starter_id});
        }
        if (!filter.include_erased) {
          w.Add("s.id NOT LIKE CONCAT(?, '%')",
                {std::string(privacy::kPseudonymPrefix)});
        }
        if (filter.status != v1::Starter::STATUS_UNSPECIFIED) {
          w.Add("s.status = ?", {static_cast<int64_t>(filter.status)});
        }
        if (filter.current_year > 0) {
          w.Add("s.current_year = ?",
                {static_cast<int64_t>(filter.current_year)});
        }
        if (!scope.all) {
          std::vector<db::Where::Arg> args = db::ArgsOf(orgs);
          for (const auto& o : orgs) {
            args.emplace_back(o);  // once more for the boards
          }
          w.Add(absl::StrCat("s.school_id IN (", db::Placeholders(orgs.size()),
                             ") OR s.board_id IN (",
                             db::Placeholders(orgs.size()), ")"),
                std::move(args));
        }
        auto ps = db::Prepare(
            c, absl::StrCat(kTrackingPage, w.Conditions(), kTrackingCounts));
        const int limit_index = w.Bind(*ps, 1);
        ps->setInt(limit_index, limit + 1);
        db::BindDatetime(*ps, limit_index + 1, now);
        Page<TrackingItem> page;
        {
          Rows rs(ps->executeQuery());
          while (rs->next()) {
            page.items.push_back(ReadTrackingRow(*rs));
          }
        }
        if (db::TrimToPage(page.items, limit)) {
          page.next_key =
              page.items.back().row.starter().substr(sizeof("starters/") - 1);
        }
        AddProgrammeFacts(c, page.items);
        return page;
      });
}

absl::Status InductionRepository::RecordAccess(
    const std::vector<AccessEntry>& entries, absl::Time now,
    absl::Time deadline) {
  return db::RunInTransaction(
      *pool_, deadline, "record access", [&](sql::Connection& c) {
        // One statement per chunk of rows, not one round trip per row: a page
        // of an HR export records an access for each starter on it.
        constexpr size_t kChunk = 100;
        const std::string at = db::FormatSqlDatetime(now);
        for (size_t first = 0; first < entries.size(); first += kChunk) {
          const size_t n = std::min(kChunk, entries.size() - first);
          std::string text =
              "INSERT INTO access_records (starter_id, viewer_id, "
              "viewer_name, viewer_role, action, access_time) VALUES ";
          for (size_t i = 0; i < n; ++i) {
            absl::StrAppend(&text, i == 0 ? "" : ", ", "(?, ?, ?, ?, ?, ?)");
          }
          db::Statement ps(c, text, /*cache=*/n == kChunk || n == 1);
          int k = 1;
          for (size_t i = first; i < first + n; ++i) {
            const AccessEntry& e = entries[i];
            ps->setString(k++, e.starter_id);
            ps->setString(k++, e.viewer_id);
            ps->setString(k++, e.viewer_name.substr(0, 200));
            ps->setString(k++, e.viewer_role);
            ps->setString(k++, e.action);
            ps->setString(k++, at);
          }
          ps->executeUpdate();
        }
        return absl::OkStatus();
      });
}

absl::StatusOr<Page<v1::AccessRecord>> InductionRepository::ListAccessRecords(
    const std::string& starter_id, const std::string& after, int limit,
    absl::Time deadline) {
  return db::WithConnection<Page<v1::AccessRecord>>(
      *pool_, deadline, "list access records",
      [&](sql::Connection& c) -> absl::StatusOr<Page<v1::AccessRecord>> {
        auto* ps =
            &db::Cached(c,
                        "SELECT id, viewer_id, viewer_name, viewer_role, "
                        "action, access_time FROM access_records WHERE "
                        "starter_id = ? AND id < ? ORDER BY id DESC LIMIT ?");
        ps->setString(1, starter_id);
        int64_t before = INT64_MAX;
        if (!after.empty() && !absl::SimpleAtoi(after, &before)) {
          return absl::InvalidArgumentError("page_token: not of this list");
        }
        ps->setInt64(2, before);
        ps->setInt(3, limit + 1);
        Rows rs(ps->executeQuery());
        Page<v1::AccessRecord> page;
        std::vector<int64_t> ids;
        while (rs->next()) {
          v1::AccessRecord r;
          r.set_viewer(absl::StrCat("people/", Str(*rs, "viewer_id")));
          r.set_viewer_display_name(Str(*rs, "viewer_name"));
          r.set_viewer_role(Str(*rs, "viewer_role"));
          r.set_action(Str(*rs, "action"));
          ToTimestamp(db::Datetime(*rs, "access_time"),
                      r.mutable_access_time());
          ids.push_back(rs->getInt64("id"));
          page.items.push_back(std::move(r));
        }
        if (static_cast<int>(page.items.size()) > limit) {
          page.items.pop_back();
          page.next_key = absl::StrCat(ids[limit - 1]);
        }
        return page;
      });
}

absl::StatusOr<std::vector<std::string>>
InductionRepository::SchoolsWithActiveStarters(absl::Time deadline) {
  return db::WithConnection<std::vector<std::string>>(
      *pool_, deadline, "schools with starters",
      [&](sql::Connection& c) -> absl::StatusOr<std::vector<std::string>> {
        std::vector<std::string> out;
        db::Rows rs = db::ExecuteQuery(
            c,
            "SELECT DISTINCT school_id FROM starters WHERE status = ? ORDER BY "
            "school_id",
            static_cast<int>(v1::Starter::ACTIVE));
        while (rs->next()) {
          out.push_back(db::Str(*rs, "school_id"));
        }
        return out;
      });
}

}  // namespace samen::induction
