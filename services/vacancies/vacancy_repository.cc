// Vacancies: reading with derived fields, create, change, delete, and the
// feed's change recording. The feed reads and maintenance:
// vacancy_feed_repository.cc; settings: vacancy_settings_repository.cc.

#include "services/vacancies/vacancy_repository.h"

#include <map>
#include <optional>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
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
#include "services/common/errors.h"
#include "services/common/status_macros.h"
#include "services/common/stored_resource.h"
#include "services/common/timestamp.h"

namespace samen::vacancies {
namespace {

using db::NullableStr;
using db::Rows;
using db::Str;

constexpr char kSelect[] =
    "SELECT v.id, v.school_id, v.title, v.subjects, v.degree, v.sector, "
    "v.fte_centis, v.contract_type, v.salary_scale, v.salary_min_eur, "
    "v.salary_max_eur, v.start_date, v.closing_date, v.expire_time, "
    "v.description, v.description_format, v.how_to_apply, v.application_url, "
    "v.status, v.publish_time, v.close_time, v.version, v.create_time, "
    "v.update_time, o.display_name AS school_name, o.city AS school_city, "
    "o.street_address AS school_street, o.postal_code AS school_postal_code, "
    "o.website AS school_website, o.logo_url AS school_logo, "
    "o.board_id AS school_board, "
    // The salary scale's row valid on the publication date, in the agreement
    // of the vacancy's sector (as AgreementOf in salary_scale_repository.cc).
    "(SELECT CONCAT(s.min_monthly_eur, ' ', s.max_monthly_eur) FROM "
    "salary_scales s WHERE s.scale = v.salary_scale AND s.agreement = CASE "
    "v.sector WHEN 1 THEN 'CAO PO' WHEN 4 THEN 'CAO MBO' ELSE 'CAO VO' END "
    "AND s.valid_from <= DATE(v.publish_time) ORDER BY s.valid_from DESC "
    "LIMIT 1) AS scale_range "
    "FROM vacancies v JOIN directory_organisations o "
    "ON o.id = v.school_id WHERE ";

constexpr char kContentColumns[] =
    "title = ?, subjects = ?, degree = ?, sector = ?, fte_centis = ?, "
    "contract_type = ?, salary_scale = ?, salary_min_eur = ?, salary_max_eur = "
    "?, start_date = ?, closing_date = ?, expire_time = ?, description = ?, "
    "description_format = ?, how_to_apply = ?, application_url = ?, status = "
    "?, publish_time = ?, close_time = ?";

absl::Time NullableTime(sql::ResultSet& rs, const char* column) {
  return db::NullableDatetime(rs, column).value_or(absl::InfinitePast());
}

// "min max" of the scale_range column into `r`; nothing when it is NULL.
void ReadScaleRange(const std::string& range, VacancyRecord* r) {
  std::vector<std::string> parts = absl::StrSplit(range, ' ');
  int min = 0;
  int max = 0;
  if (parts.size() == 2 && absl::SimpleAtoi(parts[0], &min) &&
      absl::SimpleAtoi(parts[1], &max)) {
    r->scale_min_eur = min;
    r->scale_max_eur = max;
  }
}

absl::StatusOr<VacancyRecord> ReadRow(sql::ResultSet& rs, absl::Time now) {
  VacancyRecord r;
  v1::Vacancy& v = r.vacancy;
  r.school.school_id = Str(rs, "school_id");
  r.school.board_id = NullableStr(rs, "school_board");
  v.set_name(FormatVacancyName(r.school.school_id, Str(rs, "id")));
  v.set_title(Str(rs, "title"));
  for (absl::string_view s :
       absl::StrSplit(Str(rs, "subjects"), ',', absl::SkipEmpty())) {
    v.add_subjects(std::string(s));
  }
  v.set_degree(static_cast<v1::DegreeLevel>(rs.getInt("degree")));
  v.set_sector(static_cast<partners_v1::Sector>(rs.getInt("sector")));
  v.set_fte(rs.getInt("fte_centis") / 100.0);
  v.set_contract_type(
      static_cast<v1::Vacancy::ContractType>(rs.getInt("contract_type")));
  v.set_salary_scale(Str(rs, "salary_scale"));
  v.set_salary_min_eur(rs.getInt("salary_min_eur"));
  v.set_salary_max_eur(rs.getInt("salary_max_eur"));
  v.set_start_date(NullableStr(rs, "start_date"));
  v.set_closing_date(NullableStr(rs, "closing_date"));
  v.set_description(Str(rs, "description"));
  v.set_description_format(static_cast<v1::Vacancy::DescriptionFormat>(
      rs.getInt("description_format")));
  v.set_how_to_apply(Str(rs, "how_to_apply"));
  v.set_application_url(Str(rs, "application_url"));
  r.stored_status = static_cast<v1::Vacancy::Status>(rs.getInt("status"));
  const absl::Time expire = rs.isNull("expire_time")
                                ? absl::InfiniteFuture()
                                : NullableTime(rs, "expire_time");
  v.set_status(EffectiveStatus(r.stored_status, expire, now));
  if (expire != absl::InfiniteFuture()) {
    ToTimestamp(expire, v.mutable_expire_time());
  }
  const absl::Time published = NullableTime(rs, "publish_time");
  if (published != absl::InfinitePast()) {
    ToTimestamp(published, v.mutable_publish_time());
  }
  const absl::Time closed = NullableTime(rs, "close_time");
  r.remove_time = closed != absl::InfinitePast() ? closed : expire;
  v.set_school_display_name(Str(rs, "school_name"));
  v.set_city(Str(rs, "school_city"));
  v.set_school_street_address(NullableStr(rs, "school_street"));
  v.set_school_postal_code(NullableStr(rs, "school_postal_code"));
  v.set_school_website(NullableStr(rs, "school_website"));
  v.set_school_logo_url(NullableStr(rs, "school_logo"));
  ReadScaleRange(NullableStr(rs, "scale_range"), &r);
  ReadStoredMetadata(rs, &v);
  return r;
}

struct SchoolFacts {
  std::vector<std::string> partnerships;
  std::vector<std::string> regions;
  bool direct_hire = false;
};

// Partnerships, regions, direct hire and shortage flags of `records`' schools,
// in two queries.
void FillDerived(sql::Connection& c, std::vector<VacancyRecord>& records,
                 absl::Time now) {
  std::set<std::string> schools;
  for (const auto& r : records) {
    schools.insert(r.school.school_id);
  }
  if (schools.empty()) {
    return;
  }
  std::map<std::string, SchoolFacts> facts;
  std::set<std::string> regions;
  {
    const std::string text = absl::StrCat(
        "SELECT m.organisation_id, m.partnership_id AS id, m.region, "
        "COALESCE(h.direct_hire, FALSE) AS direct_hire FROM "
        "directory_memberships m LEFT JOIN hiring_agreements h ON "
        "h.partnership_id = m.partnership_id WHERE m.organisation_id IN (",
        db::Placeholders(schools.size()),
        ") AND (m.end_date IS NULL OR m.end_date >= ?) ORDER BY "
        "m.organisation_id, m.partnership_id");
    db::Statement ps(c, text, schools.size() == 1);
    int i = 1;
    for (const auto& s : schools) {
      ps->setString(i++, s);
    }
    ps->setString(i, AmsterdamDate(now));
    Rows rs(ps->executeQuery());
    while (rs->next()) {
      SchoolFacts& f = facts[Str(*rs, "organisation_id")];
      f.partnerships.push_back(Str(*rs, "id"));
      const std::string region = Str(*rs, "region");
      if (std::find(f.regions.begin(), f.regions.end(), region) ==
          f.regions.end()) {
        f.regions.push_back(region);
      }
      regions.insert(region);
      f.direct_hire = f.direct_hire || rs->getBoolean("direct_hire");
    }
  }
  std::map<std::string, std::vector<std::string>>
      shortage;  // lower-case region
  if (!regions.empty()) {
    const std::string text = absl::StrCat(
        "SELECT region, subjects FROM shortage_subject_lists WHERE region IN (",
        db::Placeholders(regions.size()), ")");
    db::Statement ps(c, text, regions.size() == 1);
    int i = 1;
    for (const auto& r : regions) {
      ps->setString(i++, r);
    }
    Rows rs(ps->executeQuery());
    while (rs->next()) {
      shortage[absl::AsciiStrToLower(Str(*rs, "region"))] =
          absl::StrSplit(Str(*rs, "subjects"), ',', absl::SkipEmpty());
    }
  }
  for (auto& r : records) {
    const SchoolFacts& f = facts[r.school.school_id];
    r.school.partnerships = f.partnerships;
    v1::Vacancy& v = r.vacancy;
    for (const auto& p : f.partnerships) {
      v.add_partnerships(absl::StrCat("partnerships/", p));
    }
    const std::vector<std::string> subjects(v.subjects().begin(),
                                            v.subjects().end());
    for (const auto& region : f.regions) {
      v.add_regions(region);
      auto it = shortage.find(absl::AsciiStrToLower(region));
      if (it != shortage.end() && HasShortageSubject(subjects, it->second)) {
        v.set_shortage_subject(true);
      }
    }
    v.set_direct_hire(f.direct_hire);
  }
}

void BindNullableDate(sql::PreparedStatement& ps, int i, const std::string& d) {
  if (d.empty()) {
    ps.setNull(i, sql::DataType::DATE);
  } else {
    ps.setString(i, d);
  }
}

void BindNullableTime(sql::PreparedStatement& ps, int i, absl::Time t) {
  if (t == absl::InfinitePast() || t == absl::InfiniteFuture()) {
    ps.setNull(i, sql::DataType::TIMESTAMP);
  } else {
    ps.setString(i, db::FormatSqlDatetime(t));
  }
}

absl::Time FromTimestamp(const google::protobuf::Timestamp& ts) {
  if (ts.seconds() == 0 && ts.nanos() == 0) {
    return absl::InfinitePast();
  }
  return absl::FromUnixSeconds(ts.seconds()) + absl::Nanoseconds(ts.nanos());
}

// Binds the 19 columns of kContentColumns from `v` (whose status is the one to
// store) starting at index 1; returns the next index.
absl::StatusOr<int> BindContent(sql::PreparedStatement& ps,
                                const v1::Vacancy& v, absl::Time publish_time,
                                absl::Time close_time) {
  absl::Time expire = absl::InfinitePast();
  if (!v.closing_date().empty()) {
    auto e = ExpireTimeFor(v.closing_date());
    if (!e.ok()) {
      return e.status();
    }
    expire = *e;
  }
  int i = 1;
  ps.setString(i++, v.title());
  ps.setString(i++, absl::StrJoin(v.subjects(), ","));
  ps.setInt(i++, v.degree());
  ps.setInt(i++, v.sector());
  ps.setInt(i++, static_cast<int>(std::lround(v.fte() * 100)));
  ps.setInt(i++, v.contract_type());
  ps.setString(i++, v.salary_scale());
  ps.setInt(i++, v.salary_min_eur());
  ps.setInt(i++, v.salary_max_eur());
  BindNullableDate(ps, i++, v.start_date());
  BindNullableDate(ps, i++, v.closing_date());
  BindNullableTime(ps, i++, expire);
  ps.setString(i++, v.description());
  ps.setInt(i++, v.description_format());
  ps.setString(i++, v.how_to_apply());
  ps.setString(i++, v.application_url());
  ps.setInt(i++, v.status());
  BindNullableTime(ps, i++, publish_time);
  BindNullableTime(ps, i++, close_time);
  return i;
}

void WriteSubjects(sql::Connection& c, const std::string& id,
                   const v1::Vacancy& v) {
  auto* del =
      &db::Cached(c, "DELETE FROM vacancy_subjects WHERE vacancy_id = ?");
  del->setString(1, id);
  del->executeUpdate();
  auto* ins = &db::Cached(
      c, "INSERT INTO vacancy_subjects (vacancy_id, subject) VALUES (?, ?)");
  for (const auto& s : v.subjects()) {
    ins->setString(1, id);
    ins->setString(2, s);
    ins->executeUpdate();
  }
}

// Takes the row lock of one vacancy; false when it does not exist.
bool LockVacancy(sql::Connection& c, const std::string& school_id,
                 const std::string& id) {
  auto* ps = &db::Cached(
      c, "SELECT id FROM vacancies WHERE id = ? AND school_id = ? FOR UPDATE");
  ps->setString(1, id);
  ps->setString(2, school_id);
  Rows rs(ps->executeQuery());
  return rs->next();
}

absl::StatusOr<VacancyRecord> LoadOne(sql::Connection& c,
                                      const std::string& school_id,
                                      const std::string& id, absl::Time now) {
  auto records = LoadVacancies(
      c, "v.id = ? AND v.school_id = ?",
      [&](sql::PreparedStatement& ps) {
        ps.setString(1, id);
        ps.setString(2, school_id);
      },
      now, /*cache=*/true);
  if (!records.ok()) {
    return records.status();
  }
  if (records->empty()) {
    return absl::NotFoundError(
        absl::StrCat(FormatVacancyName(school_id, id), " does not exist"));
  }
  return std::move(records->front());
}

// The feed kind of a status change, if the public saw one.
std::optional<ChangeKind> KindOf(v1::Vacancy::Status before,
                                 v1::Vacancy::Status after) {
  if (after == v1::Vacancy::PUBLISHED) {
    return before == v1::Vacancy::PUBLISHED ? ChangeKind::kUpdated
                                            : ChangeKind::kPublished;
  }
  if (before == v1::Vacancy::PUBLISHED) {
    return ChangeKind::kClosed;
  }
  return std::nullopt;
}

}  // namespace

absl::StatusOr<std::vector<VacancyRecord>> LoadVacancies(
    sql::Connection& c, const std::string& where,
    const std::function<void(sql::PreparedStatement&)>& bind, absl::Time now,
    bool cache) {
  db::Statement ps(c, absl::StrCat(kSelect, where), cache);
  bind(*ps.operator->());
  std::vector<VacancyRecord> out;
  {
    Rows rs(ps->executeQuery());
    while (rs->next()) {
      auto r = ReadRow(*rs, now);
      if (!r.ok()) {
        return r.status();
      }
      out.push_back(*std::move(r));
    }
  }
  FillDerived(c, out, now);
  return out;
}

absl::Status RecordVacancyChange(sql::Connection& c, ChangeSink* sink,
                                 const std::string& vacancy_id,
                                 const std::string& vacancy_name,
                                 ChangeKind kind, absl::Time now) {
  // The row lock on the feed state orders sequence numbers by commit.
  db::Cached(
      c, "UPDATE vacancy_feed_state SET last_seq = last_seq + 1 WHERE id = 1")
      .executeUpdate();
  int64_t seq = 0;
  {
    Rows rs(
        db::Cached(c, "SELECT last_seq FROM vacancy_feed_state WHERE id = 1")
            .executeQuery());
    if (!rs->next()) {
      return absl::InternalError("vacancy_feed_state has no row");
    }
    seq = rs->getInt64("last_seq");
  }
  auto* ins = &db::Cached(
      c,
      "INSERT INTO vacancy_changes (seq, vacancy_id, kind, change_time) VALUES "
      "(?, ?, ?, ?)");
  ins->setInt64(1, seq);
  ins->setString(2, vacancy_id);
  ins->setInt(3, static_cast<int>(kind));
  ins->setString(4, db::FormatSqlDatetime(now));
  ins->executeUpdate();
  if (sink != nullptr) {
    return sink->OnVacancyChange(c, kind, vacancy_name, now);
  }
  return absl::OkStatus();
}

absl::Status VacancyRepository::Ping(absl::Time deadline) {
  return db::RunWithConnection(
      *pool_, deadline, "health check", [](sql::Connection& c) {
        Rows rs(db::Prepare(c, "SELECT 1")->executeQuery());
        return absl::OkStatus();
      });
}

absl::StatusOr<VacancyRecord> VacancyRepository::Get(
    const std::string& school_id, const std::string& vacancy_id, absl::Time now,
    absl::Time deadline) {
  return db::WithConnection<VacancyRecord>(
      *pool_, deadline, "get vacancy", [&](sql::Connection& c) {
        return LoadOne(c, school_id, vacancy_id, now);
      });
}

absl::StatusOr<v1::Vacancy> VacancyRepository::Create(
    const School& school, const std::string& vacancy_id,
    const v1::Vacancy& vacancy, absl::Time now, absl::Time deadline) {
  const std::string& school_id = school.scope.school_id;
  return db::InTransaction<v1::Vacancy>(
      *pool_, deadline, "create vacancy",
      [&](sql::Connection& c) -> absl::StatusOr<v1::Vacancy> {
        RETURN_IF_ERROR(CopySchool(c, sink_, school, now));
        v1::Vacancy v = vacancy;
        v.set_status(v1::Vacancy::DRAFT);
        if (v.sector() == partners_v1::SECTOR_UNSPECIFIED) {
          v.set_sector(school.sector);
        }
        RETURN_IF_ERROR(CheckSalaryScale(c, v, "vacancy.salary_scale"));
        auto ps = db::Prepare(
            c, absl::StrCat("INSERT INTO vacancies SET ", kContentColumns,
                            ", id = ?, school_id = ?, version = 1, "
                            "create_time = ?, update_time = ?"));
        auto next =
            BindContent(*ps, v, absl::InfinitePast(), absl::InfinitePast());
        if (!next.ok()) {
          return next.status();
        }
        int i = *next;
        ps->setString(i++, vacancy_id);
        ps->setString(i++, school_id);
        ps->setString(i++, db::FormatSqlDatetime(now));
        ps->setString(i++, db::FormatSqlDatetime(now));
        try {
          ps->executeUpdate();
        } catch (const sql::SQLException& e) {
          if (e.getErrorCode() == 1062) {
            return absl::AlreadyExistsError(absl::StrCat(
                FormatVacancyName(school_id, vacancy_id), " already exists"));
          }
          throw;
        }
        WriteSubjects(c, vacancy_id, v);
        auto r = LoadOne(c, school_id, vacancy_id, now);
        if (!r.ok()) {
          return r.status();
        }
        return r->vacancy;
      });
}

absl::StatusOr<v1::Vacancy> VacancyRepository::Change(
    const std::string& school_id, const std::string& vacancy_id,
    const std::string& etag, const VacancyMutation& mutate,
    const School* school, absl::Time now, absl::Time deadline) {
  return db::InTransaction<v1::Vacancy>(
      *pool_, deadline, "change vacancy",
      [&](sql::Connection& c) -> absl::StatusOr<v1::Vacancy> {
        const std::string name = FormatVacancyName(school_id, vacancy_id);
        if (school != nullptr) {
          RETURN_IF_ERROR(CopySchool(c, sink_, *school, now));
        }
        if (!LockVacancy(c, school_id, vacancy_id)) {
          return absl::NotFoundError(absl::StrCat(name, " does not exist"));
        }
        auto current = LoadOne(c, school_id, vacancy_id, now);
        if (!current.ok()) {
          return current.status();
        }
        v1::Vacancy next = current->vacancy;
        // Authorisation comes first, so that an etag mismatch cannot reveal a
        // draft to someone who may not see it.
        if (auto s = mutate(current->school, &next); !s.ok()) {
          return s;
        }
        if (auto s = CheckEtag(etag, current->vacancy.etag()); !s.ok()) {
          return s;
        }
        if (next.salary_scale() != current->vacancy.salary_scale() ||
            next.sector() != current->vacancy.sector()) {
          RETURN_IF_ERROR(CheckSalaryScale(c, next, "vacancy.salary_scale"));
        }
        const v1::Vacancy::Status before = current->vacancy.status();
        const v1::Vacancy::Status after = next.status();
        if (next.SerializeAsString() == current->vacancy.SerializeAsString()) {
          return next;  // nothing changed: no new version, no event
        }
        absl::Time publish_time =
            FromTimestamp(current->vacancy.publish_time());
        absl::Time close_time = absl::InfinitePast();
        if (after == v1::Vacancy::PUBLISHED &&
            before != v1::Vacancy::PUBLISHED) {
          publish_time = now;
        }
        if (after == v1::Vacancy::FILLED || after == v1::Vacancy::CLOSED) {
          close_time = now;
        }
        auto ps = db::Prepare(
            c, absl::StrCat(
                   "UPDATE vacancies SET ", kContentColumns,
                   ", version = version + 1, update_time = ? WHERE id = ?"));
        auto i = BindContent(*ps, next, publish_time, close_time);
        if (!i.ok()) {
          return i.status();
        }
        ps->setString(*i, db::FormatSqlDatetime(now));
        ps->setString(*i + 1, vacancy_id);
        ps->executeUpdate();
        WriteSubjects(c, vacancy_id, next);
        if (auto kind = KindOf(before, after); kind.has_value()) {
          if (auto s =
                  RecordVacancyChange(c, sink_, vacancy_id, name, *kind, now);
              !s.ok()) {
            return s;
          }
        }
        auto r = LoadOne(c, school_id, vacancy_id, now);
        if (!r.ok()) {
          return r.status();
        }
        return r->vacancy;
      });
}

absl::Status VacancyRepository::Delete(const std::string& school_id,
                                       const std::string& vacancy_id,
                                       const std::string& etag,
                                       const VacancyMutation& authorize,
                                       const School* school, absl::Time now,
                                       absl::Time deadline) {
  return db::RunInTransaction(
      *pool_, deadline, "delete vacancy",
      [&](sql::Connection& c) -> absl::Status {
        if (school != nullptr) {
          RETURN_IF_ERROR(CopySchool(c, sink_, *school, now));
        }
        if (!LockVacancy(c, school_id, vacancy_id)) {
          return absl::NotFoundError(absl::StrCat(
              FormatVacancyName(school_id, vacancy_id), " does not exist"));
        }
        auto current = LoadOne(c, school_id, vacancy_id, now);
        if (!current.ok()) {
          return current.status();
        }
        v1::Vacancy copy = current->vacancy;
        if (auto s = authorize(current->school, &copy); !s.ok()) {
          return s;
        }
        if (auto s = CheckEtag(etag, current->vacancy.etag()); !s.ok()) {
          return s;
        }
        auto* del = &db::Cached(c, "DELETE FROM vacancies WHERE id = ?");
        del->setString(1, vacancy_id);
        del->executeUpdate();
        return absl::OkStatus();
      });
}

}  // namespace samen::vacancies
