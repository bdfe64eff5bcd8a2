// Proposals, placements and publishing
// (partnerships/{p}/placementRounds/{r}/placements/{student}). :propose reads
// its inputs in one snapshot, solves outside any transaction, and saves only
// if the round's version has not moved meanwhile (every lock, hand-made
// change and capacity change moves it), so a proposal never overwrites a
// coordinator's change. Publishing runs under the round's row lock: the
// first publish writes the history, any later one finds the round PUBLISHED
// and returns it, however many coordinators press the button at once.

#include <set>

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
#include "services/common/timestamp.h"
#include "services/partners/placement_rows.h"
#include "services/partners/placements_repository.h"

namespace samen::partners {
namespace {

using rows::Tail;

// Students of the partnership (all, or only `only_id`) with history,
// preference for the round and lock.
absl::StatusOr<std::vector<RoundStudent>> LoadRoundStudents(
    sql::Connection& c, const RoundName& name, const std::string& only_id) {
  std::vector<RoundStudent> out;
  std::map<std::string, size_t> index;
  {
    db::Rows rs = db::ExecuteQuery(
        c,
        absl::StrCat(rows::kStudentSelect,
                     " WHERE partnership_id = ? AND (? = '' OR id = ?) "
                     "ORDER BY id"),
        name.partnership_id, only_id, only_id);
    while (rs->next()) {
      ASSIGN_OR_RETURN(v1::Student s, rows::ReadStudent(*rs));
      index[Tail(s.name())] = out.size();
      out.push_back({std::move(s), {}, ""});
    }
  }
  std::vector<v1::Student*> students;
  for (RoundStudent& rs : out) {
    students.push_back(&rs.student);
  }
  rows::ReadHistories(c, students);
  db::Rows prefs = db::ExecuteQuery(
      c,
      "SELECT student_id, body FROM placement_preferences WHERE "
      "partnership_id = ? AND round_id = ?",
      name.partnership_id, name.round_id);
  while (prefs->next()) {
    auto it = index.find(db::Str(*prefs, "student_id"));
    if (it != index.end()) {
      ASSIGN_OR_RETURN(
          out[it->second].preference,
          rows::FromJson<v1::PlacementPreference>(db::Str(*prefs, "body")));
    }
  }
  db::Rows locks = db::ExecuteQuery(
      c,
      "SELECT student_id, school_id FROM placements WHERE partnership_id = ? "
      "AND round_id = ? AND locked = TRUE AND school_id IS NOT NULL",
      name.partnership_id, name.round_id);
  while (locks->next()) {
    auto it = index.find(db::Str(*locks, "student_id"));
    if (it != index.end()) {
      out[it->second].locked_school_id = db::Str(*locks, "school_id");
    }
  }
  return out;
}

absl::StatusOr<RoundInputs> LoadInputs(sql::Connection& c,
                                       const RoundName& name, bool lock,
                                       const std::string& only_student) {
  RoundInputs in;
  ASSIGN_OR_RETURN(in.round, rows::LoadRound(c, name, lock));
  in.version = rows::RoundVersion(c, name, lock);
  ASSIGN_OR_RETURN(in.students, LoadRoundStudents(c, name, only_student));
  std::set<std::string> ids;
  for (const v1::SchoolCapacity& cap : in.round.capacities()) {
    ids.insert(Tail(cap.school()));
  }
  for (const RoundStudent& s : in.students) {
    for (const v1::PastPlacement& p : s.student.placement_history()) {
      ids.insert(Tail(p.school()));
    }
  }
  in.schools = rows::LoadSchoolFacts(
      c, name.partnership_id, std::vector<std::string>(ids.begin(), ids.end()));
  return in;
}

absl::StatusOr<v1::Placement> LoadPlacement(sql::Connection& c,
                                            const RoundStudentName& n,
                                            bool lock) {
  db::Rows rs = db::ExecuteQuery(
      c,
      absl::StrCat(rows::kPlacementSelect,
                   " WHERE partnership_id = ? AND round_id = ? AND "
                   "student_id = ?",
                   db::ForUpdate(lock)),
      n.partnership_id, n.round_id, n.student_id);
  if (!rs->next()) {
    v1::Placement empty;
    empty.set_name(PlacementName(n));
    return empty;
  }
  return rows::ReadPlacement(*rs);
}

void InsertPlacement(sql::Connection& c, const RoundStudentName& n,
                     const v1::Placement& p, absl::Time now) {
  auto ps = db::Prepare(
      c,
      "INSERT INTO placements (partnership_id, round_id, student_id, "
      "school_id, locked, body, version, create_time, update_time) VALUES "
      "(?, ?, ?, ?, ?, ?, 1, ?, ?)");
  ps->setString(1, n.partnership_id);
  ps->setString(2, n.round_id);
  ps->setString(3, n.student_id);
  db::BindNullable(*ps, 4, p.school().empty() ? "" : Tail(p.school()));
  ps->setBoolean(5, p.locked());
  ps->setString(6, rows::PlacementBody(p));
  db::BindDatetime(*ps, 7, now);
  db::BindDatetime(*ps, 8, now);
  ps->executeUpdate();
}

void BumpRound(sql::Connection& c, const RoundName& name, absl::Time now) {
  db::ExecuteUpdate(c,
                    "UPDATE placement_rounds SET version = version + 1, "
                    "update_time = ? WHERE partnership_id = ? AND round_id = ?",
                    now, name.partnership_id, name.round_id);
}

}  // namespace

absl::StatusOr<RoundInputs> PlacementsRepository::LoadRoundInputs(
    const RoundName& name, absl::Time deadline) {
  return db::InTransaction<RoundInputs>(
      *pool_, deadline, "load placement round inputs",
      [&](sql::Connection& c) { return LoadInputs(c, name, false, ""); });
}

absl::StatusOr<v1::PlacementRound> PlacementsRepository::SaveProposal(
    const RoundName& name, int64_t version,
    const std::vector<v1::Placement>& placements,
    const v1::ProposalSummary& summary, absl::Time deadline) {
  return db::InTransaction<v1::PlacementRound>(
      *pool_, deadline, "save placement proposal",
      [&](sql::Connection& c) -> absl::StatusOr<v1::PlacementRound> {
        ASSIGN_OR_RETURN(v1::PlacementRound round,
                         rows::LoadRound(c, name, true));
        RETURN_IF_ERROR(rows::CheckOpen(round));
        if (rows::RoundVersion(c, name, /*lock=*/true) != version) {
          return absl::AbortedError(absl::StrCat(
              round.name(),
              " changed while the solver ran (a lock, a hand-made placement "
              "or its capacities); propose again"));
        }
        db::ExecuteUpdate(c,
                          "DELETE FROM placements WHERE partnership_id = ? "
                          "AND round_id = ? AND locked = FALSE",
                          name.partnership_id, name.round_id);
        const absl::Time now = clock_->Now();
        for (const v1::Placement& p : placements) {
          if (!p.locked()) {
            InsertPlacement(
                c, {name.partnership_id, name.round_id, Tail(p.student())}, p,
                now);
          }
        }
        *round.mutable_last_proposal() = summary;
        ToTimestamp(now, round.mutable_last_proposal()->mutable_propose_time());
        rows::SaveRoundBody(c, name, round, now);
        return rows::LoadRound(c, name, false);
      });
}

absl::StatusOr<resource::Page<v1::Placement>>
PlacementsRepository::ListPlacements(const RoundName& name,
                                     const PlacementReadScope& scope,
                                     const std::string& school_id,
                                     const std::string& after, int limit,
                                     absl::Time deadline) {
  return db::WithConnection<resource::Page<v1::Placement>>(
      *pool_, deadline, "list placements",
      [&](sql::Connection& c) -> absl::StatusOr<resource::Page<v1::Placement>> {
        RETURN_IF_ERROR(rows::LoadRound(c, name, false).status());
        db::Where w;
        w.Add("partnership_id = ? AND round_id = ?",
              {name.partnership_id, name.round_id});
        if (!school_id.empty()) {
          w.Add("school_id = ?", {school_id});
        }
        if (!scope.all) {
          std::vector<std::string> parts;
          std::vector<db::Where::Arg> args = db::ArgsOf(scope.school_ids);
          if (!scope.school_ids.empty()) {
            parts.push_back(
                absl::StrCat("school_id IN (",
                             db::Placeholders(scope.school_ids.size()), ")"));
          }
          if (!scope.person_id.empty()) {
            parts.push_back(
                "student_id IN (SELECT id FROM students WHERE person_id = ?)");
            args.push_back(scope.person_id);
          }
          w.Add(absl::StrJoin(parts, " OR "), std::move(args));
        }
        return ListById<v1::Placement>(c, rows::kPlacementSelect, "student_id",
                                       after, w, limit, rows::ReadPlacement);
      });
}

absl::StatusOr<v1::Placement> PlacementsRepository::UpdatePlacement(
    const RoundStudentName& name, const std::string& etag,
    const ChangePlacement& change, absl::Time deadline) {
  return db::InTransaction<v1::Placement>(
      *pool_, deadline, "update placement",
      [&](sql::Connection& c) -> absl::StatusOr<v1::Placement> {
        const RoundName round{name.partnership_id, name.round_id};
        ASSIGN_OR_RETURN(RoundInputs in,
                         LoadInputs(c, round, true, name.student_id));
        RETURN_IF_ERROR(rows::CheckOpen(in.round));
        if (in.students.empty()) {
          return ResourceNotFound(StudentName(name.student_id));
        }
        ASSIGN_OR_RETURN(v1::Placement current, LoadPlacement(c, name, true));
        const bool exists = !current.etag().empty();
        RETURN_IF_ERROR(resource::CheckEtag(etag, current.etag()));
        v1::Placement next = current;
        RETURN_IF_ERROR(change(&next, in, in.students.front()));
        const absl::Time now = clock_->Now();
        if (exists) {
          auto ps = db::Prepare(
              c,
              "UPDATE placements SET school_id = ?, locked = ?, body = ?, "
              "version = version + 1, update_time = ? WHERE partnership_id "
              "= ? AND round_id = ? AND student_id = ?");
          db::BindNullable(*ps, 1,
                           next.school().empty() ? "" : Tail(next.school()));
          ps->setBoolean(2, next.locked());
          ps->setString(3, rows::PlacementBody(next));
          db::BindDatetime(*ps, 4, now);
          ps->setString(5, name.partnership_id);
          ps->setString(6, name.round_id);
          ps->setString(7, name.student_id);
          ps->executeUpdate();
        } else {
          InsertPlacement(c, name, next, now);
        }
        BumpRound(c, round, now);
        return LoadPlacement(c, name, false);
      });
}

absl::StatusOr<v1::PlacementRound> PlacementsRepository::PublishPlacementRound(
    const RoundName& name, absl::Time deadline) {
  return db::InTransaction<v1::PlacementRound>(
      *pool_, deadline, "publish placement round",
      [&](sql::Connection& c) -> absl::StatusOr<v1::PlacementRound> {
        ASSIGN_OR_RETURN(v1::PlacementRound round,
                         rows::LoadRound(c, name, true));
        if (round.state() == v1::PlacementRound::PUBLISHED) {
          return round;
        }
        db::Rows count = db::ExecuteQuery(
            c,
            "SELECT COUNT(*) AS n FROM placements WHERE partnership_id = ? "
            "AND round_id = ? AND school_id IS NOT NULL",
            name.partnership_id, name.round_id);
        if (!count->next() || db::Int64(*count, "n") == 0) {
          return absl::FailedPreconditionError(absl::StrCat(
              round.name(), " has no placements to publish; propose first"));
        }
        db::ExecuteUpdate(
            c,
            "DELETE FROM student_placements WHERE school_year = ? AND "
            "student_id IN (SELECT student_id FROM placements WHERE "
            "partnership_id = ? AND round_id = ? AND school_id IS NOT NULL)",
            round.school_year(), name.partnership_id, name.round_id);
        db::ExecuteUpdate(
            c,
            "INSERT INTO student_placements (student_id, school_year, "
            "school_id, round_id) SELECT student_id, ?, school_id, round_id "
            "FROM placements WHERE partnership_id = ? AND round_id = ? AND "
            "school_id IS NOT NULL",
            round.school_year(), name.partnership_id, name.round_id);
        const absl::Time now = clock_->Now();
        db::ExecuteUpdate(
            c,
            "UPDATE placement_rounds SET state = 2, publish_time = ?, "
            "version = version + 1, update_time = ? WHERE partnership_id = ? "
            "AND round_id = ?",
            now, now, name.partnership_id, name.round_id);
        return rows::LoadRound(c, name, false);
      });
}

}  // namespace samen::partners
