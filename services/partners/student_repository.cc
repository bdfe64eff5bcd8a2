// Students (students/{student}). The row keeps the record's details (subjects,
// start date, home) as the API's JSON in `body`, beside the columns that
// listings filter on and the keys need (one student per person); the
// placement history is student_placements, of which rows written by hand
// (round_id NULL) follow the record and rows a published round wrote stay.

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "cppconn/exception.h"
#include "db/errors.h"
#include "db/rows.h"
#include "db/run.h"
#include "db/sql_time.h"
#include "db/statement.h"
#include "db/transaction.h"
#include "db/where.h"
#include "services/common/errors.h"
#include "services/common/resource/etag.h"
#include "services/common/status_macros.h"
#include "services/common/stored_resource.h"
#include "services/partners/placement_rows.h"
#include "services/partners/placements_repository.h"

namespace samen::partners {
namespace {

using rows::kStudentSelect;
using rows::ReadHistories;
using rows::ReadStudent;
using rows::Tail;

// The body as stored: what no column holds.
std::string Body(const v1::Student& s) {
  v1::Student b;
  *b.mutable_subjects() = s.subjects();
  b.set_start_date(s.start_date());
  *b.mutable_home() = s.home();
  return rows::ToJson(b);
}

absl::StatusOr<StoredStudent> Load(sql::Connection& c, const std::string& id,
                                   bool lock) {
  ASSIGN_OR_RETURN(
      v1::Student s,
      db::ReadOne(db::ExecuteQuery(c,
                                   absl::StrCat(kStudentSelect, " WHERE id = ?",
                                                db::ForUpdate(lock)),
                                   id),
                  ReadStudent,
                  [&] { return ResourceNotFound(StudentName(id)); }));
  ReadHistories(c, {&s});
  ASSIGN_OR_RETURN(StudentFacts facts, rows::StudentFactsOf(c, id));
  return StoredStudent{s, facts};
}

// The institute must be an organisation of type INSTITUTE.
absl::Status CheckInstitute(sql::Connection& c, const std::string& name,
                            absl::string_view field) {
  db::Rows rs = db::ExecuteQuery(
      c, "SELECT type FROM organisations WHERE id = ?", Tail(name));
  if (!rs->next()) {
    return InvalidField(field, absl::StrCat(name, " does not exist"));
  }
  if (db::Int(*rs, "type") != 3) {
    return InvalidField(field, absl::StrCat(name, " is not an institute"));
  }
  return absl::OkStatus();
}

// Replaces the hand-written history with `s`'s; a year a published round
// wrote keeps its school (FAILED_PRECONDITION when `s` names another).
absl::Status WriteHistory(sql::Connection& c, const std::string& id,
                          const v1::Student& s) {
  db::ExecuteUpdate(c,
                    "DELETE FROM student_placements WHERE student_id = ? AND "
                    "round_id IS NULL",
                    id);
  for (int k = 0; k < s.placement_history_size(); ++k) {
    const v1::PastPlacement& p = s.placement_history(k);
    const std::string field =
        absl::StrCat("student.placement_history[", k, "]");
    db::Rows rs = db::ExecuteQuery(
        c,
        "SELECT school_id FROM student_placements WHERE student_id = ? AND "
        "school_year = ?",
        id, p.school_year());
    if (rs->next()) {
      if (db::Str(*rs, "school_id") != Tail(p.school())) {
        return WithFieldViolations(
            absl::FailedPreconditionError(absl::StrCat(
                field, ": ", p.school_year(),
                " was published by a placement round and cannot change")),
            {{field, "published"}});
      }
      continue;
    }
    RETURN_IF_ERROR(db::CatchSqlError(
        {db::kErNoReferencedRow},
        [&] {
          db::ExecuteUpdate(c,
                            "INSERT INTO student_placements (student_id, "
                            "school_year, school_id, round_id) "
                            "VALUES (?, ?, ?, NULL)",
                            id, p.school_year(), Tail(p.school()));
        },
        [&](const sql::SQLException&) {
          return InvalidField(field + ".school",
                              absl::StrCat(p.school(), " does not exist"));
        }));
  }
  return absl::OkStatus();
}

void AddVisibility(const StudentVisibility& v, db::Where* w) {
  if (v.all) {
    return;
  }
  std::vector<std::string> parts;
  std::vector<db::Where::Arg> args;
  auto in = [&](absl::string_view expr, const std::vector<std::string>& ids) {
    if (ids.empty()) {
      return;
    }
    parts.push_back(
        absl::StrCat(expr, " IN (", db::Placeholders(ids.size()), ")"));
    for (const auto& a : db::ArgsOf(ids)) {
      args.push_back(a);
    }
  };
  in("partnership_id", v.partnership_ids);
  in("institute_id", v.institute_ids);
  if (!v.school_ids.empty()) {
    parts.push_back(absl::StrCat(
        "id IN (SELECT student_id FROM student_placements WHERE school_id IN "
        "(",
        db::Placeholders(v.school_ids.size()), "))"));
    for (const auto& a : db::ArgsOf(v.school_ids)) {
      args.push_back(a);
    }
  }
  if (!v.person_id.empty()) {
    parts.push_back("person_id = ?");
    args.push_back(v.person_id);
  }
  w->Add(parts.empty() ? "FALSE" : absl::StrJoin(parts, " OR "),
         std::move(args));
}

}  // namespace

absl::StatusOr<StoredStudent> PlacementsRepository::GetStudent(
    const std::string& id, absl::Time deadline) {
  return db::WithConnection<StoredStudent>(
      *pool_, deadline, "get student",
      [&](sql::Connection& c) { return Load(c, id, false); });
}

absl::StatusOr<resource::Page<v1::Student>> PlacementsRepository::ListStudents(
    const StudentFilter& filter, const std::string& after, int limit,
    absl::Time deadline) {
  return db::WithConnection<resource::Page<v1::Student>>(
      *pool_, deadline, "list students",
      [&](sql::Connection& c) -> absl::StatusOr<resource::Page<v1::Student>> {
        db::Where w;
        if (!filter.partnership_id.empty()) {
          w.Add("partnership_id = ?", {filter.partnership_id});
        }
        if (!filter.institute_id.empty()) {
          w.Add("institute_id = ?", {filter.institute_id});
        }
        if (filter.category != 0) {
          w.Add("category = ?", {int64_t{filter.category}});
        }
        if (filter.programme_year != 0) {
          w.Add("programme_year = ?", {int64_t{filter.programme_year}});
        }
        AddVisibility(filter.visibility, &w);
        ASSIGN_OR_RETURN(
            auto page, ListById<v1::Student>(c, kStudentSelect, "id", after, w,
                                             limit, ReadStudent));
        std::vector<v1::Student*> items;
        for (v1::Student& s : page.items) {
          items.push_back(&s);
        }
        ReadHistories(c, items);
        return page;
      });
}

absl::StatusOr<v1::Student> PlacementsRepository::CreateStudent(
    const std::string& id, const v1::Student& s, absl::Time deadline) {
  return db::InTransaction<v1::Student>(
      *pool_, deadline, "create student",
      [&](sql::Connection& c) -> absl::StatusOr<v1::Student> {
        RETURN_IF_ERROR(CheckInstitute(c, s.institute(), "student.institute"));
        const absl::Time now = clock_->Now();
        RETURN_IF_ERROR(db::CatchSqlError(
            {db::kErDupEntry, db::kErNoReferencedRow},
            [&] {
              db::ExecuteUpdate(
                  c,
                  "INSERT INTO students (id, person_id, partnership_id, "
                  "institute_id, category, programme_year, body, version, "
                  "create_time, update_time) "
                  "VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?)",
                  id, Tail(s.person()), Tail(s.partnership()),
                  Tail(s.institute()), static_cast<int>(s.category()),
                  s.programme_year(), Body(s), now, now);
            },
            [&](const sql::SQLException& e) {
              if (e.getErrorCode() == db::kErNoReferencedRow) {
                return InvalidField(
                    "student.person",
                    absl::StrCat(s.person(), " or ", s.partnership(),
                                 " does not exist"));
              }
              return absl::AlreadyExistsError(
                  absl::StrCat(StudentName(id), " exists, or ", s.person(),
                               " already has a student record"));
            }));
        RETURN_IF_ERROR(WriteHistory(c, id, s));
        ASSIGN_OR_RETURN(StoredStudent saved, Load(c, id, false));
        return saved.student;
      });
}

absl::StatusOr<v1::Student> PlacementsRepository::UpdateStudent(
    const std::string& id, const std::string& etag,
    const CheckStudent& authorize, const ChangeStudent& change,
    absl::Time deadline) {
  return db::InTransaction<v1::Student>(
      *pool_, deadline, "update student",
      [&](sql::Connection& c) -> absl::StatusOr<v1::Student> {
        ASSIGN_OR_RETURN(StoredStudent current, Load(c, id, true));
        RETURN_IF_ERROR(authorize(current.facts));
        RETURN_IF_ERROR(resource::CheckEtag(etag, current.student.etag()));
        v1::Student next = current.student;
        RETURN_IF_ERROR(change(&next, current.facts));
        if (next.institute() != current.student.institute()) {
          RETURN_IF_ERROR(
              CheckInstitute(c, next.institute(), "student.institute"));
        }
        db::ExecuteUpdate(
            c,
            "UPDATE students SET institute_id = ?, category = ?, "
            "programme_year = ?, body = ?, version = version + 1, "
            "update_time = ? WHERE id = ?",
            Tail(next.institute()), static_cast<int>(next.category()),
            next.programme_year(), Body(next), clock_->Now(), id);
        RETURN_IF_ERROR(WriteHistory(c, id, next));
        ASSIGN_OR_RETURN(StoredStudent saved, Load(c, id, false));
        return saved.student;
      });
}

absl::Status PlacementsRepository::DeleteStudent(const std::string& id,
                                                 const std::string& etag,
                                                 const CheckStudent& authorize,
                                                 absl::Time deadline) {
  return db::RunInTransaction(
      *pool_, deadline, "delete student",
      [&](sql::Connection& c) -> absl::Status {
        ASSIGN_OR_RETURN(StoredStudent current, Load(c, id, true));
        RETURN_IF_ERROR(authorize(current.facts));
        RETURN_IF_ERROR(resource::CheckEtag(etag, current.student.etag()));
        db::ExecuteUpdate(c, "DELETE FROM students WHERE id = ?", id);
        return absl::OkStatus();
      });
}

absl::StatusOr<v1::GreenPickingOverview>
PlacementsRepository::GreenPickingCandidates(
    const std::string& partnership_id, const std::vector<std::string>& roles,
    const std::string& day, absl::Time deadline) {
  return db::WithConnection<v1::GreenPickingOverview>(
      *pool_, deadline, "green picking",
      [&](sql::Connection& c) -> absl::StatusOr<v1::GreenPickingOverview> {
        v1::GreenPickingOverview out;
        out.set_partnership(absl::StrCat("partnerships/", partnership_id));
        out.set_day(day);
        {
          db::Rows p = db::ExecuteQuery(
              c,
              "SELECT (SELECT COUNT(*) FROM students WHERE partnership_id = "
              "p.id) AS n FROM partnerships p WHERE p.id = ?",
              partnership_id);
          if (!p->next()) {
            return ResourceNotFound(out.partnership());
          }
          out.set_students(db::Int(*p, "n"));
        }
        db::Where w;
        w.Add("s.partnership_id = ?", {partnership_id});
        w.AddIn("g.role", roles);
        w.Add(
            "g.scope LIKE 'organisations/%' AND g.start_date <= ? AND "
            "(g.end_date IS NULL OR g.end_date >= ?)",
            {day, day});
        auto ps = db::Prepare(
            c,
            absl::StrCat(
                "SELECT s.id, s.category, s.programme_year, g.role, g.scope, "
                "g.start_date, EXISTS (SELECT 1 FROM student_placements sp "
                "WHERE sp.student_id = s.id AND CONCAT('organisations/', "
                "sp.school_id) = g.scope) AS placed_there FROM students s "
                "JOIN role_grants g ON g.person_id = s.person_id",
                w.Clause(), " ORDER BY s.id, g.scope, g.role"));
        w.Bind(*ps);
        db::Rows rs(ps->executeQuery());
        while (rs->next()) {
          v1::GreenPickingSignal* g = out.add_signals();
          g->set_student(StudentName(db::Str(*rs, "id")));
          g->set_category(
              static_cast<v1::StudentCategory>(db::Int(*rs, "category")));
          g->set_programme_year(db::Int(*rs, "programme_year"));
          g->set_school(db::Str(*rs, "scope"));
          g->set_role(db::Str(*rs, "role"));
          g->set_since(db::Str(*rs, "start_date"));
          g->set_placed_there(db::Int(*rs, "placed_there") != 0);
        }
        return out;
      });
}

}  // namespace samen::partners
