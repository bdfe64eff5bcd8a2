// Vacancy listing (with visibility and "for me" matching in SQL), the feed,
// and the worker's maintenance: expiry and feed pruning.

#include <map>
#include <variant>

#include "absl/strings/str_cat.h"
#include "cppconn/connection.h"
#include "cppconn/exception.h"
#include "cppconn/prepared_statement.h"
#include "cppconn/resultset.h"
#include "db/list_column.h"
#include "db/rows.h"
#include "db/sql_time.h"
#include "db/statement.h"
#include "db/statement_cache.h"
#include "db/transaction.h"
#include "db/where.h"
#include "services/common/timestamp.h"
#include "services/vacancies/vacancy_repository.h"

namespace samen::vacancies {
namespace {

using db::Rows;
using db::Str;

// A WHERE clause built from fixed fragments and bound arguments (never from
// request text).
class Where {
 public:
  using Arg = std::variant<std::string, int64_t>;

  void Add(const std::string& condition, std::vector<Arg> args = {}) {
    absl::StrAppend(&text_, text_.empty() ? "" : " AND ", condition);
    for (auto& a : args) {
      args_.push_back(std::move(a));
    }
  }
  // "(?, ?, ?)" for `values`, appending them.
  template <typename T>
  std::string In(const std::vector<T>& values) {
    for (const auto& v : values) {
      if constexpr (std::is_same_v<T, std::string>) {
        args_.push_back(v);
      } else {
        args_.push_back(static_cast<int64_t>(v));
      }
    }
    return absl::StrCat("(", db::Placeholders(values.size()), ")");
  }
  void Append(const std::string& tail, std::vector<Arg> args = {}) {
    absl::StrAppend(&text_, tail);
    for (auto& a : args) {
      args_.push_back(std::move(a));
    }
  }
  const std::string& text() const { return text_; }
  void Bind(sql::PreparedStatement& ps) const {
    int i = 1;
    for (const auto& a : args_) {
      if (std::holds_alternative<std::string>(a)) {
        ps.setString(i++, std::get<std::string>(a));
      } else {
        ps.setInt64(i++, std::get<int64_t>(a));
      }
    }
  }

 private:
  std::string text_;
  std::vector<Arg> args_;
};

constexpr char kCurrentMember[] = "(m.end_date IS NULL OR m.end_date >= ?)";

void AddVisibility(const VacancyFilter& f, const std::string& now,
                   const std::string& today, Where* w) {
  if (f.see_everything) {
    return;
  }
  std::string any = "(v.status = 2 AND v.expire_time > ?)";
  std::vector<Where::Arg> args = {now};
  if (!f.hr_organisations.empty()) {
    const std::string list =
        absl::StrCat("(", db::Placeholders(f.hr_organisations.size()), ")");
    absl::StrAppend(&any, " OR v.school_id IN ", list, " OR o.board_id IN ",
                    list);
    for (int k = 0; k < 2; ++k) {
      args.insert(args.end(), f.hr_organisations.begin(),
                  f.hr_organisations.end());
    }
  }
  if (!f.coordinated_partnerships.empty()) {
    absl::StrAppend(&any,
                    " OR v.school_id IN (SELECT m.organisation_id FROM "
                    "directory_memberships m WHERE m.partnership_id IN (",
                    db::Placeholders(f.coordinated_partnerships.size()),
                    ") AND ", kCurrentMember, ")");
    args.insert(args.end(), f.coordinated_partnerships.begin(),
                f.coordinated_partnerships.end());
    args.push_back(today);
  }
  w->Add(absl::StrCat("(", any, ")"), std::move(args));
}

void AddStatus(v1::Vacancy::Status status, const std::string& now, Where* w) {
  switch (status) {
    case v1::Vacancy::STATUS_UNSPECIFIED:
      return;
    case v1::Vacancy::PUBLISHED:
      w->Add("v.status = 2 AND v.expire_time > ?", {now});
      return;
    case v1::Vacancy::EXPIRED:
      w->Add("(v.status = 5 OR (v.status = 2 AND v.expire_time <= ?))", {now});
      return;
    default:
      w->Add("v.status = ?", {static_cast<int64_t>(status)});
  }
}

}  // namespace

// Records an update for every published vacancy selected by `query` (which
// returns id and school_id), bound by `bind`.
absl::Status TouchPublished(
    sql::Connection& c, ChangeSink* sink, const std::string& query,
    const std::function<void(sql::PreparedStatement&)>& bind, absl::Time now) {
  std::vector<std::pair<std::string, std::string>> ids;
  {
    auto ps = db::Prepare(c, query);
    bind(*ps);
    Rows rs(ps->executeQuery());
    while (rs->next()) {
      ids.emplace_back(Str(*rs, "id"), Str(*rs, "school_id"));
    }
  }
  for (const auto& [id, school] : ids) {
    if (auto s = RecordVacancyChange(c, sink, id, FormatVacancyName(school, id),
                                     ChangeKind::kUpdated, now);
        !s.ok()) {
      return s;
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<Page<VacancyRecord>> VacancyRepository::List(
    const VacancyFilter& f, const std::string& after, int limit, absl::Time now,
    absl::Time deadline) {
  return db::WithConnection<Page<VacancyRecord>>(
      *pool_, deadline, "list vacancies",
      [&](sql::Connection& c) -> absl::StatusOr<Page<VacancyRecord>> {
        const std::string now_text = db::FormatSqlDatetime(now);
        const std::string today = AmsterdamDate(now);
        Where w;
        w.Add("v.id > ?", {after});
        if (!f.school_id.empty()) {
          w.Add("v.school_id = ?", {f.school_id});
        }
        if (!f.subject.empty()) {
          w.Add(
              "v.id IN (SELECT s.vacancy_id FROM vacancy_subjects s WHERE "
              "s.subject = ?)",
              {f.subject});
        }
        if (!f.partnership_id.empty()) {
          w.Add(absl::StrCat("v.school_id IN (SELECT m.organisation_id FROM "
                             "directory_memberships m WHERE m.partnership_id "
                             "= ? AND ",
                             kCurrentMember, ")"),
                {f.partnership_id, today});
        }
        if (!f.any_subjects.empty()) {
          w.Add(
              absl::StrCat("v.id IN (SELECT s.vacancy_id FROM vacancy_subjects "
                           "s WHERE s.subject IN ",
                           w.In(f.any_subjects), ")"));
        }
        if (!f.degrees.empty()) {
          w.Add(absl::StrCat("v.degree IN ", w.In(f.degrees)));
        }
        if (!f.regions.empty()) {
          // In() appends its arguments first, so the date goes after them.
          const std::string in = w.In(f.regions);
          w.Add(absl::StrCat("v.school_id IN (SELECT m.organisation_id FROM "
                             "directory_memberships m WHERE m.region IN ",
                             in, " AND ", kCurrentMember, ")"),
                {today});
        }
        AddStatus(f.status, now_text, &w);
        AddVisibility(f, now_text, today, &w);
        w.Append(" ORDER BY v.id LIMIT ?", {static_cast<int64_t>(limit + 1)});
        auto records = LoadVacancies(
            c, w.text(), [&](sql::PreparedStatement& ps) { w.Bind(ps); }, now,
            /*cache=*/false);
        if (!records.ok()) {
          return records.status();
        }
        Page<VacancyRecord> page;
        page.items = *std::move(records);
        if (static_cast<int>(page.items.size()) > limit) {
          page.items.pop_back();
          const std::string& name = page.items.back().vacancy.name();
          page.next_key = name.substr(name.rfind('/') + 1);
        }
        return page;
      });
}

absl::StatusOr<std::pair<int64_t, int64_t>> VacancyRepository::FeedBounds(
    absl::Time deadline) {
  return db::WithConnection<std::pair<int64_t, int64_t>>(
      *pool_, deadline, "feed bounds",
      [&](sql::Connection& c) -> absl::StatusOr<std::pair<int64_t, int64_t>> {
        Rows rs(db::Cached(c,
                           "SELECT last_seq, pruned_through FROM "
                           "vacancy_feed_state WHERE id = 1")
                    .executeQuery());
        if (!rs->next()) {
          return absl::InternalError("vacancy_feed_state has no row");
        }
        return std::make_pair(rs->getInt64("last_seq"),
                              rs->getInt64("pruned_through"));
      });
}

absl::StatusOr<FeedPage> VacancyRepository::ChangesSince(int64_t after_seq,
                                                         int limit,
                                                         absl::Time now,
                                                         absl::Time deadline) {
  return db::WithConnection<FeedPage>(
      *pool_, deadline, "vacancy changes",
      [&](sql::Connection& c) -> absl::StatusOr<FeedPage> {
        auto* ps = &db::Cached(c,
                               "SELECT seq, vacancy_id FROM "
                               "vacancy_changes WHERE seq > ? ORDER BY "
                               "seq LIMIT ?");
        ps->setInt64(1, after_seq);
        ps->setInt(2, limit + 1);
        std::vector<std::pair<int64_t, std::string>> changes;
        {
          Rows rs(ps->executeQuery());
          while (rs->next()) {
            changes.emplace_back(rs->getInt64("seq"), Str(*rs, "vacancy_id"));
          }
        }
        FeedPage page;
        page.last_seq = after_seq;
        if (static_cast<int>(changes.size()) > limit) {
          changes.pop_back();
          page.more = true;
        }
        if (changes.empty()) {
          return page;
        }
        page.last_seq = changes.back().first;
        // Each vacancy once, ordered by its last change on this page.
        std::map<std::string, int64_t> last;
        for (const auto& [seq, id] : changes) {
          last[id] = seq;
        }
        std::vector<std::string> ids;
        for (const auto& [id, seq] : last) {
          ids.push_back(id);
        }
        Where w;
        w.Add(absl::StrCat("v.id IN ", w.In(ids)));
        auto records = LoadVacancies(
            c, w.text(), [&](sql::PreparedStatement& p) { w.Bind(p); }, now,
            /*cache=*/false);
        if (!records.ok()) {
          return records.status();
        }
        std::sort(records->begin(), records->end(),
                  [&](const VacancyRecord& a, const VacancyRecord& b) {
                    auto id = [](const VacancyRecord& r) {
                      const std::string& n = r.vacancy.name();
                      return n.substr(n.rfind('/') + 1);
                    };
                    return last[id(a)] < last[id(b)];
                  });
        page.records = *std::move(records);
        return page;
      });
}

absl::StatusOr<int> VacancyRepository::ExpireDue(absl::Time now, int limit,
                                                 absl::Time deadline) {
  return db::InTransaction<int>(
      *pool_, deadline, "expire vacancies",
      [&](sql::Connection& c) -> absl::StatusOr<int> {
        auto* ps = &db::Cached(
            c,
            "SELECT id, school_id, expire_time FROM vacancies WHERE status = 2 "
            "AND expire_time <= ? ORDER BY expire_time LIMIT ? FOR UPDATE SKIP "
            "LOCKED");
        ps->setString(1, db::FormatSqlDatetime(now));
        ps->setInt(2, limit);
        struct Due {
          std::string id, school_id, expire_time;
        };
        std::vector<Due> due;
        {
          Rows rs(ps->executeQuery());
          while (rs->next()) {
            due.push_back({Str(*rs, "id"), Str(*rs, "school_id"),
                           Str(*rs, "expire_time")});
          }
        }
        auto* up = &db::Cached(c,
                               "UPDATE vacancies SET status = 5, "
                               "close_time = ?, version = version "
                               "+ 1, update_time = ? WHERE id = ?");
        for (const auto& d : due) {
          up->setString(1, d.expire_time);
          up->setString(2, db::FormatSqlDatetime(now));
          up->setString(3, d.id);
          up->executeUpdate();
          if (auto s = RecordVacancyChange(c, sink_, d.id,
                                           FormatVacancyName(d.school_id, d.id),
                                           ChangeKind::kClosed, now);
              !s.ok()) {
            return s;
          }
        }
        return static_cast<int>(due.size());
      });
}

absl::StatusOr<int> VacancyRepository::PruneFeed(absl::Time cutoff,
                                                 absl::Time deadline) {
  return db::InTransaction<int>(
      *pool_, deadline, "prune vacancy feed",
      [&](sql::Connection& c) -> absl::StatusOr<int> {
        auto* max = &db::Cached(
            c,
            "SELECT MAX(seq) AS m FROM vacancy_changes WHERE change_time < ?");
        max->setString(1, db::FormatSqlDatetime(cutoff));
        int64_t through = 0;
        {
          Rows rs(max->executeQuery());
          if (!rs->next() || rs->isNull("m")) {
            return 0;
          }
          through = rs->getInt64("m");
        }
        // Lock the feed state first: writers take it before inserting, so a
        // token check and the deletion cannot interleave.
        Rows locked(db::Cached(c,
                               "SELECT last_seq FROM vacancy_feed_state "
                               "WHERE id = 1 FOR UPDATE")
                        .executeQuery());
        auto* del =
            &db::Cached(c, "DELETE FROM vacancy_changes WHERE seq <= ?");
        del->setInt64(1, through);
        const int deleted = del->executeUpdate();
        auto* up = &db::Cached(c,
                               "UPDATE vacancy_feed_state SET pruned_through = "
                               "GREATEST(pruned_through, ?) "
                               "WHERE id = 1");
        up->setInt64(1, through);
        up->executeUpdate();
        return deleted;
      });
}

}  // namespace samen::vacancies
