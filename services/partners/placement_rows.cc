#include "services/partners/placement_rows.h"

#include <map>

#include "absl/strings/str_cat.h"
#include "db/rows.h"
#include "db/run.h"
#include "db/statement.h"
#include "db/where.h"
#include "services/common/errors.h"
#include "services/common/status_macros.h"
#include "services/common/stored_resource.h"
#include "services/common/timestamp.h"

namespace samen::partners::rows {

absl::StatusOr<v1::Student> ReadStudent(sql::ResultSet& rs) {
  ASSIGN_OR_RETURN(v1::Student s, FromJson<v1::Student>(db::Str(rs, "body")));
  s.set_name(StudentName(db::Str(rs, "id")));
  s.set_person(absl::StrCat("people/", db::Str(rs, "person_id")));
  s.set_partnership(
      absl::StrCat("partnerships/", db::Str(rs, "partnership_id")));
  s.set_institute(absl::StrCat("organisations/", db::Str(rs, "institute_id")));
  s.set_category(static_cast<v1::StudentCategory>(db::Int(rs, "category")));
  s.set_programme_year(db::Int(rs, "programme_year"));
  ReadStoredMetadata(rs, &s);
  return s;
}

void ReadHistories(sql::Connection& c, std::vector<v1::Student*> students) {
  if (students.empty()) {
    return;
  }
  std::map<std::string, v1::Student*> by_id;
  std::vector<std::string> ids;
  for (v1::Student* s : students) {
    ids.push_back(Tail(s->name()));
    by_id[ids.back()] = s;
  }
  db::Where w;
  w.AddIn("student_id", ids);
  auto ps = db::Prepare(
      c, absl::StrCat("SELECT student_id, school_year, school_id FROM "
                      "student_placements",
                      w.Clause(), " ORDER BY student_id, school_year"));
  w.Bind(*ps);
  db::Rows rs(ps->executeQuery());
  while (rs->next()) {
    v1::PastPlacement* p =
        by_id[db::Str(*rs, "student_id")]->add_placement_history();
    p->set_school_year(db::Str(*rs, "school_year"));
    p->set_school(absl::StrCat("organisations/", db::Str(*rs, "school_id")));
  }
}

absl::StatusOr<StudentFacts> StudentFactsOf(sql::Connection& c,
                                            const std::string& student_id) {
  StudentFacts f;
  {
    db::Rows rs = db::ExecuteQuery(
        c,
        "SELECT person_id, partnership_id, institute_id FROM students WHERE "
        "id = ?",
        student_id);
    if (!rs->next()) {
      return ResourceNotFound(StudentName(student_id));
    }
    f.person_id = db::Str(*rs, "person_id");
    f.partnership_id = db::Str(*rs, "partnership_id");
    f.institute_id = db::Str(*rs, "institute_id");
  }
  db::Rows rs = db::ExecuteQuery(
      c,
      "SELECT school_id FROM student_placements WHERE student_id = ? "
      "UNION SELECT p.school_id FROM placements p JOIN placement_rounds r "
      "ON r.partnership_id = p.partnership_id AND r.round_id = p.round_id "
      "WHERE p.student_id = ? AND r.state = 2 AND p.school_id IS NOT NULL",
      student_id, student_id);
  while (rs->next()) {
    f.school_ids.push_back(db::Str(*rs, "school_id"));
  }
  return f;
}

absl::StatusOr<v1::PlacementRound> ReadRound(sql::ResultSet& rs) {
  ASSIGN_OR_RETURN(v1::PlacementRound r,
                   FromJson<v1::PlacementRound>(db::Str(rs, "body")));
  r.set_name(PlacementRoundName(db::Str(rs, "partnership_id"),
                                db::Str(rs, "round_id")));
  r.set_school_year(db::Str(rs, "school_year"));
  r.set_state(static_cast<v1::PlacementRound::State>(db::Int(rs, "state")));
  ReadStoredMetadata(rs, &r);
  if (auto published = db::NullableDatetime(rs, "publish_time")) {
    ToTimestamp(*published, r.mutable_publish_time());
  }
  return r;
}

absl::StatusOr<v1::PlacementRound> LoadRound(sql::Connection& c,
                                             const RoundName& name, bool lock) {
  return db::ReadOne(
      db::ExecuteQuery(
          c,
          absl::StrCat(kRoundSelect,
                       " WHERE partnership_id = ? AND round_id = ?",
                       db::ForUpdate(lock)),
          name.partnership_id, name.round_id),
      ReadRound, [&] {
        return ResourceNotFound(
            PlacementRoundName(name.partnership_id, name.round_id));
      });
}

int64_t RoundVersion(sql::Connection& c, const RoundName& name, bool lock) {
  db::Rows rs = db::ExecuteQuery(
      c,
      absl::StrCat("SELECT version FROM placement_rounds WHERE partnership_id "
                   "= ? AND round_id = ?",
                   db::ForUpdate(lock)),
      name.partnership_id, name.round_id);
  return rs->next() ? db::Int64(*rs, "version") : -1;
}

absl::Status CheckOpen(const v1::PlacementRound& round) {
  if (round.state() != v1::PlacementRound::OPEN) {
    return absl::FailedPreconditionError(
        absl::StrCat(round.name(), " is published and cannot change"));
  }
  return absl::OkStatus();
}

std::string RoundBody(const v1::PlacementRound& round) {
  v1::PlacementRound b;
  *b.mutable_capacities() = round.capacities();
  *b.mutable_rules() = round.rules();
  if (round.has_last_proposal()) {
    *b.mutable_last_proposal() = round.last_proposal();
  }
  return ToJson(b);
}

void SaveRoundBody(sql::Connection& c, const RoundName& name,
                   const v1::PlacementRound& round, absl::Time now) {
  db::ExecuteUpdate(c,
                    "UPDATE placement_rounds SET body = ?, version = version "
                    "+ 1, update_time = ? WHERE partnership_id = ? AND "
                    "round_id = ?",
                    RoundBody(round), now, name.partnership_id, name.round_id);
}

std::string PreferenceBody(const v1::PlacementPreference& p) {
  v1::PlacementPreference b;
  *b.mutable_choices() = p.choices();
  b.set_learning_question(p.learning_question());
  b.set_duo_with(p.duo_with());
  return ToJson(b);
}

std::map<std::string, SchoolFacts> LoadSchoolFacts(
    sql::Connection& c, const std::string& partnership_id,
    const std::vector<std::string>& ids) {
  std::map<std::string, SchoolFacts> out;
  if (ids.empty()) {
    return out;
  }
  db::Where w;
  w.AddIn("o.id", ids);
  auto ps = db::Prepare(
      c, absl::StrCat("SELECT o.id, o.sector, m.role FROM organisations o "
                      "LEFT JOIN memberships m ON m.organisation_id = o.id "
                      "AND m.partnership_id = ?",
                      w.Clause()));
  ps->setString(1, partnership_id);
  w.Bind(*ps, 2);
  db::Rows rs(ps->executeQuery());
  while (rs->next()) {
    SchoolFacts& f = out[db::Str(*rs, "id")];
    f.sector = static_cast<v1::Sector>(db::Int(*rs, "sector"));
    f.partner = f.partner || (!rs->isNull("role") && db::Int(*rs, "role") == 1);
  }
  return out;
}

absl::StatusOr<v1::Placement> ReadPlacement(sql::ResultSet& rs) {
  ASSIGN_OR_RETURN(v1::Placement p,
                   FromJson<v1::Placement>(db::Str(rs, "body")));
  RoundStudentName n{db::Str(rs, "partnership_id"), db::Str(rs, "round_id"),
                     db::Str(rs, "student_id")};
  p.set_name(PlacementName(n));
  p.set_student(StudentName(n.student_id));
  const std::string school = db::NullableStr(rs, "school_id");
  p.set_school(school.empty() ? "" : absl::StrCat("organisations/", school));
  p.set_locked(db::Bool(rs, "locked"));
  ReadEtagAndUpdateTime(rs, &p);
  return p;
}

std::string PlacementBody(const v1::Placement& p) {
  v1::Placement b;
  b.set_preference_rank(p.preference_rank());
  b.set_travel_minutes(p.travel_minutes());
  *b.mutable_reasons() = p.reasons();
  return ToJson(b);
}

}  // namespace samen::partners::rows
