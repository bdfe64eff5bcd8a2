// What vacancies are matched and flagged with: vacancy profiles, shortage
// subjects per region and hiring agreements per partnership. A change to a
// shortage list or a hiring agreement changes published vacancies' flags, so
// those vacancies get feed rows and update events in the same transaction.

#include "absl/strings/ascii.h"
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
#include "services/common/timestamp.h"
#include "services/vacancies/vacancy_repository.h"

namespace samen::vacancies {
namespace {

using db::Rows;
using db::Str;

constexpr char kRegionSeparator = '|';

std::string ProfileName(const std::string& person_id) {
  return absl::StrCat("people/", person_id, "/vacancyProfile");
}

v1::VacancyProfile ReadProfile(sql::Connection& c,
                               const std::string& person_id) {
  auto* ps =
      &db::Cached(c,
                  "SELECT subjects, degree, regions, version, update_time FROM "
                  "vacancy_profiles WHERE person_id = ?");
  ps->setString(1, person_id);
  Rows rs(ps->executeQuery());
  v1::VacancyProfile p;
  p.set_name(ProfileName(person_id));
  int64_t version = 0;
  if (rs->next()) {
    for (absl::string_view s :
         absl::StrSplit(Str(*rs, "subjects"), ',', absl::SkipEmpty())) {
      p.add_subjects(std::string(s));
    }
    p.set_degree(static_cast<v1::DegreeLevel>(rs->getInt("degree")));
    for (absl::string_view r : absl::StrSplit(
             Str(*rs, "regions"), kRegionSeparator, absl::SkipEmpty())) {
      p.add_regions(std::string(r));
    }
    version = rs->getInt64("version");
    ToTimestamp(db::Datetime(*rs, "update_time"), p.mutable_update_time());
  }
  p.set_etag(MakeEtag(p.name(), version, absl::UnixEpoch()));
  return p;
}

absl::StatusOr<v1::ShortageSubjects> ReadShortage(sql::Connection& c,
                                                  const std::string& slug,
                                                  const std::string& region) {
  auto* ps = &db::Cached(
      c,
      "SELECT subjects, version, update_time FROM shortage_subject_lists "
      "WHERE region = ?");
  ps->setString(1, region);
  Rows rs(ps->executeQuery());
  v1::ShortageSubjects out;
  out.set_name(absl::StrCat("regions/", slug, "/shortageSubjects"));
  out.set_region(region);
  int64_t version = 0;
  if (rs->next()) {
    for (absl::string_view s :
         absl::StrSplit(Str(*rs, "subjects"), ',', absl::SkipEmpty())) {
      out.add_subjects(std::string(s));
    }
    version = rs->getInt64("version");
    ToTimestamp(db::Datetime(*rs, "update_time"), out.mutable_update_time());
  }
  out.set_etag(MakeEtag(out.name(), version, absl::UnixEpoch()));
  return out;
}

absl::StatusOr<v1::HiringAgreement> ReadHiring(
    sql::Connection& c, const std::string& partnership_id,
    bool for_update = false) {
  auto* ps = &db::Cached(
      c, for_update ? "SELECT direct_hire, note, version, update_time "
                      "FROM hiring_agreements WHERE partnership_id = "
                      "? FOR UPDATE"
                    : "SELECT direct_hire, note, version, update_time "
                      "FROM hiring_agreements WHERE partnership_id = "
                      "?");
  ps->setString(1, partnership_id);
  Rows rs(ps->executeQuery());
  v1::HiringAgreement out;
  out.set_name(
      absl::StrCat("partnerships/", partnership_id, "/hiringAgreement"));
  int64_t version = 0;
  if (rs->next()) {
    out.set_direct_hire(rs->getBoolean("direct_hire"));
    out.set_note(Str(*rs, "note"));
    version = rs->getInt64("version");
    ToTimestamp(db::Datetime(*rs, "update_time"), out.mutable_update_time());
  }
  out.set_etag(MakeEtag(out.name(), version, absl::UnixEpoch()));
  return out;
}

// The subjects in exactly one of `before` and `after`.
std::vector<std::string> AddedOrRemoved(const std::vector<std::string>& before,
                                        const std::vector<std::string>& after) {
  std::vector<std::string> changed;
  for (const auto& s : after) {
    if (std::find(before.begin(), before.end(), s) == before.end()) {
      changed.push_back(s);
    }
  }
  for (const auto& s : before) {
    if (std::find(after.begin(), after.end(), s) == after.end()) {
      changed.push_back(s);
    }
  }
  return changed;
}

}  // namespace

absl::StatusOr<v1::VacancyProfile> VacancyRepository::GetProfile(
    const std::string& person_id, absl::Time deadline) {
  return db::WithConnection<v1::VacancyProfile>(
      *pool_, deadline, "get vacancy profile",
      [&](sql::Connection& c) -> absl::StatusOr<v1::VacancyProfile> {
        return ReadProfile(c, person_id);
      });
}

absl::StatusOr<v1::VacancyProfile> VacancyRepository::UpdateProfile(
    const std::string& person_id, const std::string& etag,
    const std::function<absl::Status(v1::VacancyProfile*)>& mutate,
    absl::Time now, absl::Time deadline) {
  auto updated = db::InTransaction<bool>(
      *pool_, deadline, "update vacancy profile",
      [&](sql::Connection& c) -> absl::StatusOr<bool> {
        // Lock (or reserve the gap of) the row so concurrent updates serialise.
        auto* lock = &db::Cached(c,
                                 "SELECT version FROM vacancy_profiles "
                                 "WHERE person_id = ? FOR UPDATE");
        lock->setString(1, person_id);
        Rows locked(lock->executeQuery());
        const v1::VacancyProfile current = ReadProfile(c, person_id);
        if (auto s = CheckEtag(etag, current.etag()); !s.ok()) {
          return s;
        }
        v1::VacancyProfile next = current;
        if (auto s = mutate(&next); !s.ok()) {
          return s;
        }
        auto* ps = &db::Cached(
            c,
            "INSERT INTO vacancy_profiles (person_id, subjects, degree, "
            "regions, "
            "version, update_time) VALUES (?, ?, ?, ?, 1, ?) ON DUPLICATE KEY "
            "UPDATE subjects = VALUES(subjects), degree = VALUES(degree), "
            "regions = VALUES(regions), version = version + 1, update_time = "
            "VALUES(update_time)");
        ps->setString(1, person_id);
        ps->setString(2, absl::StrJoin(next.subjects(), ","));
        ps->setInt(3, next.degree());
        ps->setString(
            4, absl::StrJoin(next.regions(), std::string(1, kRegionSeparator)));
        ps->setString(5, db::FormatSqlDatetime(now));
        ps->executeUpdate();
        return true;
      });
  if (!updated.ok()) {
    return updated.status();
  }
  return GetProfile(person_id, deadline);
}

absl::StatusOr<v1::ShortageSubjects> VacancyRepository::GetShortageSubjects(
    const std::string& slug, const std::string& region, absl::Time deadline) {
  return db::WithConnection<v1::ShortageSubjects>(
      *pool_, deadline, "get shortage subjects",
      [&](sql::Connection& c) { return ReadShortage(c, slug, region); });
}

absl::StatusOr<v1::ShortageSubjects> VacancyRepository::UpdateShortageSubjects(
    const std::string& slug, const std::string& region, const std::string& etag,
    const std::vector<std::string>& subjects, absl::Time now,
    absl::Time deadline) {
  auto done = db::InTransaction<bool>(
      *pool_, deadline, "update shortage subjects",
      [&](sql::Connection& c) -> absl::StatusOr<bool> {
        auto* lock =
            &db::Cached(c,
                        "SELECT subjects FROM shortage_subject_lists WHERE "
                        "region = ? FOR UPDATE");
        lock->setString(1, region);
        std::vector<std::string> before;
        {
          Rows rs(lock->executeQuery());
          if (rs->next()) {
            before =
                absl::StrSplit(Str(*rs, "subjects"), ',', absl::SkipEmpty());
          }
        }
        auto current = ReadShortage(c, slug, region);
        if (!current.ok()) {
          return current.status();
        }
        if (auto s = CheckEtag(etag, current->etag()); !s.ok()) {
          return s;
        }
        auto* up = &db::Cached(
            c,
            "INSERT INTO shortage_subject_lists (region, subjects, version, "
            "update_time) VALUES (?, ?, 1, ?) ON DUPLICATE KEY UPDATE subjects "
            "= "
            "VALUES(subjects), version = version + 1, update_time = "
            "VALUES(update_time)");
        up->setString(1, region);
        up->setString(2, absl::StrJoin(subjects, ","));
        up->setString(3, db::FormatSqlDatetime(now));
        up->executeUpdate();
        // Subjects added or removed: vacancies with them may change their flag.
        const std::vector<std::string> changed =
            AddedOrRemoved(before, subjects);
        if (changed.empty()) {
          return true;
        }
        const std::string query = absl::StrCat(
            "SELECT DISTINCT v.id, v.school_id FROM vacancies v JOIN "
            "vacancy_subjects s ON s.vacancy_id = v.id WHERE v.status = 2 AND "
            "v.expire_time > ? AND s.subject IN (",
            db::Placeholders(changed.size()),
            ") AND v.school_id IN (SELECT m.organisation_id FROM "
            "directory_memberships m WHERE m.region = ?) ORDER BY v.id");
        auto s = TouchPublished(
            c, sink_, query,
            [&](sql::PreparedStatement& ps) {
              int i = 1;
              ps.setString(i++, db::FormatSqlDatetime(now));
              for (const auto& subject : changed) {
                ps.setString(i++, subject);
              }
              ps.setString(i, region);
            },
            now);
        if (!s.ok()) {
          return s;
        }
        return true;
      });
  if (!done.ok()) {
    return done.status();
  }
  return GetShortageSubjects(slug, region, deadline);
}

absl::StatusOr<v1::HiringAgreement> VacancyRepository::GetHiringAgreement(
    const std::string& partnership_id, absl::Time deadline) {
  return db::WithConnection<v1::HiringAgreement>(
      *pool_, deadline, "get hiring agreement",
      [&](sql::Connection& c) { return ReadHiring(c, partnership_id); });
}

absl::StatusOr<v1::HiringAgreement> VacancyRepository::UpdateHiringAgreement(
    const std::string& partnership_id, const std::string& etag,
    const std::function<absl::Status(v1::HiringAgreement*)>& mutate,
    absl::Time now, absl::Time deadline) {
  auto done = db::InTransaction<bool>(
      *pool_, deadline, "update hiring agreement",
      [&](sql::Connection& c) -> absl::StatusOr<bool> {
        // The row lock (or, before the first change, the gap lock: a
        // concurrent first change then deadlocks and is retried) orders
        // concurrent changes.
        auto current = ReadHiring(c, partnership_id, /*for_update=*/true);
        if (!current.ok()) {
          return current.status();
        }
        if (auto s = CheckEtag(etag, current->etag()); !s.ok()) {
          return s;
        }
        v1::HiringAgreement next = *current;
        if (auto s = mutate(&next); !s.ok()) {
          return s;
        }
        auto* up = &db::Cached(
            c,
            "INSERT INTO hiring_agreements (partnership_id, direct_hire, note, "
            "version, update_time) VALUES (?, ?, ?, 1, ?) ON DUPLICATE KEY "
            "UPDATE "
            "direct_hire = VALUES(direct_hire), note = VALUES(note), version = "
            "version + 1, update_time = VALUES(update_time)");
        up->setString(1, partnership_id);
        up->setBoolean(2, next.direct_hire());
        up->setString(3, next.note());
        up->setString(4, db::FormatSqlDatetime(now));
        up->executeUpdate();
        if (next.direct_hire() == current->direct_hire()) {
          return true;
        }
        auto touched = TouchPublished(
            c, sink_,
            "SELECT v.id, v.school_id FROM vacancies v WHERE v.status = 2 "
            "AND v.expire_time > ? AND v.school_id IN (SELECT "
            "m.organisation_id FROM directory_memberships m WHERE "
            "m.partnership_id = ?) ORDER BY v.id",
            [&](sql::PreparedStatement& ps) {
              ps.setString(1, db::FormatSqlDatetime(now));
              ps.setString(2, partnership_id);
            },
            now);
        if (!touched.ok()) {
          return touched;
        }
        return true;
      });
  if (!done.ok()) {
    return done.status();
  }
  return GetHiringAgreement(partnership_id, deadline);
}

}  // namespace samen::vacancies
