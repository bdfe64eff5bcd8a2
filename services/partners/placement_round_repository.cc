// Placement rounds and students' preferences
// (partnerships/{p}/placementRounds/{r}, .../preferences/{student}). A round's
// capacities, rules and last proposal are the API's JSON in `body`; its state
// and school year are columns (one round per partnership and year). Every
// change to a round or its preferences runs under the round's row lock and
// only while it is OPEN.

#include "absl/strings/str_cat.h"
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

// Every capacity names an organisation of type SCHOOL.
absl::Status CheckSchools(sql::Connection& c, const v1::PlacementRound& r) {
  for (int k = 0; k < r.capacities_size(); ++k) {
    const std::string& school = r.capacities(k).school();
    db::Rows rs = db::ExecuteQuery(
        c, "SELECT type FROM organisations WHERE id = ?", rows::Tail(school));
    const std::string field =
        absl::StrCat("placement_round.capacities[", k, "].school");
    if (!rs->next()) {
      return InvalidField(field, absl::StrCat(school, " does not exist"));
    }
    if (db::Int(*rs, "type") != 2) {
      return InvalidField(field, absl::StrCat(school, " is not a school"));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<v1::PlacementPreference> LoadPreference(
    sql::Connection& c, const RoundStudentName& n) {
  db::Rows rs = db::ExecuteQuery(
      c,
      "SELECT body, version, create_time, update_time FROM "
      "placement_preferences WHERE partnership_id = ? AND round_id = ? AND "
      "student_id = ?",
      n.partnership_id, n.round_id, n.student_id);
  v1::PlacementPreference p;
  if (rs->next()) {
    ASSIGN_OR_RETURN(
        p, rows::FromJson<v1::PlacementPreference>(db::Str(*rs, "body")));
    p.set_name(PreferenceName(n));
    rows::ReadEtagAndUpdateTime(*rs, &p);
  } else {
    p.set_name(PreferenceName(n));
  }
  return p;
}

absl::StatusOr<StoredPreference> LoadStoredPreference(sql::Connection& c,
                                                      const RoundStudentName& n,
                                                      bool lock) {
  StoredPreference out;
  ASSIGN_OR_RETURN(out.round,
                   rows::LoadRound(c, {n.partnership_id, n.round_id}, lock));
  ASSIGN_OR_RETURN(out.student, rows::StudentFactsOf(c, n.student_id));
  if (out.student.partnership_id != n.partnership_id) {
    return ResourceNotFound(absl::StrCat("students/", n.student_id));
  }
  ASSIGN_OR_RETURN(out.preference, LoadPreference(c, n));
  return out;
}

}  // namespace

absl::StatusOr<v1::PlacementRound> PlacementsRepository::GetPlacementRound(
    const RoundName& name, absl::Time deadline) {
  return db::WithConnection<v1::PlacementRound>(
      *pool_, deadline, "get placement round",
      [&](sql::Connection& c) { return rows::LoadRound(c, name, false); });
}

absl::StatusOr<resource::Page<v1::PlacementRound>>
PlacementsRepository::ListPlacementRounds(const std::string& partnership_id,
                                          const std::string& after, int limit,
                                          absl::Time deadline) {
  return db::WithConnection<resource::Page<v1::PlacementRound>>(
      *pool_, deadline, "list placement rounds",
      [&](sql::Connection& c)
          -> absl::StatusOr<resource::Page<v1::PlacementRound>> {
        db::Rows rs = db::ExecuteQuery(
            c, "SELECT id FROM partnerships WHERE id = ?", partnership_id);
        if (!rs->next()) {
          return ResourceNotFound(
              absl::StrCat("partnerships/", partnership_id));
        }
        db::Where w;
        w.Add("partnership_id = ?", {partnership_id});
        return ListById<v1::PlacementRound>(c, rows::kRoundSelect, "round_id",
                                            after, w, limit, rows::ReadRound);
      });
}

absl::StatusOr<v1::PlacementRound> PlacementsRepository::CreatePlacementRound(
    const RoundName& name, const v1::PlacementRound& round,
    absl::Time deadline) {
  return db::InTransaction<v1::PlacementRound>(
      *pool_, deadline, "create placement round",
      [&](sql::Connection& c) -> absl::StatusOr<v1::PlacementRound> {
        RETURN_IF_ERROR(CheckSchools(c, round));
        const absl::Time now = clock_->Now();
        RETURN_IF_ERROR(db::CatchSqlError(
            {db::kErDupEntry, db::kErNoReferencedRow},
            [&] {
              db::ExecuteUpdate(
                  c,
                  "INSERT INTO placement_rounds (partnership_id, round_id, "
                  "school_year, state, body, version, create_time, "
                  "update_time) VALUES (?, ?, ?, 1, ?, 1, ?, ?)",
                  name.partnership_id, name.round_id, round.school_year(),
                  rows::RoundBody(round), now, now);
            },
            [&](const sql::SQLException& e) {
              if (e.getErrorCode() == db::kErNoReferencedRow) {
                return ResourceNotFound(
                    absl::StrCat("partnerships/", name.partnership_id));
              }
              return absl::AlreadyExistsError(absl::StrCat(
                  PlacementRoundName(name.partnership_id, name.round_id),
                  " exists, or the partnership already has a round for ",
                  round.school_year()));
            }));
        return rows::LoadRound(c, name, false);
      });
}

absl::StatusOr<v1::PlacementRound> PlacementsRepository::UpdatePlacementRound(
    const RoundName& name, const std::string& etag, const MutateRound& mutate,
    absl::Time deadline) {
  return db::InTransaction<v1::PlacementRound>(
      *pool_, deadline, "update placement round",
      [&](sql::Connection& c) -> absl::StatusOr<v1::PlacementRound> {
        ASSIGN_OR_RETURN(v1::PlacementRound current,
                         rows::LoadRound(c, name, true));
        RETURN_IF_ERROR(rows::CheckOpen(current));
        RETURN_IF_ERROR(resource::CheckEtag(etag, current.etag()));
        v1::PlacementRound next = current;
        RETURN_IF_ERROR(mutate(&next));
        RETURN_IF_ERROR(CheckSchools(c, next));
        rows::SaveRoundBody(c, name, next, clock_->Now());
        return rows::LoadRound(c, name, false);
      });
}

absl::StatusOr<StoredPreference> PlacementsRepository::GetPreference(
    const RoundStudentName& name, absl::Time deadline) {
  return db::WithConnection<StoredPreference>(
      *pool_, deadline, "get placement preference",
      [&](sql::Connection& c) { return LoadStoredPreference(c, name, false); });
}

absl::StatusOr<v1::PlacementPreference> PlacementsRepository::UpdatePreference(
    const RoundStudentName& name, const std::string& etag,
    const ChangePreference& change, absl::Time deadline) {
  return db::InTransaction<v1::PlacementPreference>(
      *pool_, deadline, "update placement preference",
      [&](sql::Connection& c) -> absl::StatusOr<v1::PlacementPreference> {
        ASSIGN_OR_RETURN(StoredPreference stored,
                         LoadStoredPreference(c, name, true));
        RETURN_IF_ERROR(rows::CheckOpen(stored.round));
        const bool saved = !stored.preference.etag().empty();
        RETURN_IF_ERROR(resource::CheckEtag(etag, stored.preference.etag()));
        v1::PlacementPreference next = stored.preference;
        RETURN_IF_ERROR(change(&next, stored));
        const absl::Time now = clock_->Now();
        const std::string body = rows::PreferenceBody(next);
        if (saved) {
          db::ExecuteUpdate(
              c,
              "UPDATE placement_preferences SET body = ?, version = version "
              "+ 1, update_time = ? WHERE partnership_id = ? AND round_id = "
              "? AND student_id = ?",
              body, now, name.partnership_id, name.round_id, name.student_id);
        } else {
          db::ExecuteUpdate(
              c,
              "INSERT INTO placement_preferences (partnership_id, round_id, "
              "student_id, body, version, create_time, update_time) VALUES "
              "(?, ?, ?, ?, 1, ?, ?)",
              name.partnership_id, name.round_id, name.student_id, body, now,
              now);
        }
        return LoadPreference(c, name);
      });
}

}  // namespace samen::partners
