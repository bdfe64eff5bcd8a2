#pragma once

// The SQL that the repositories of students (student_repository.cc), rounds
// (placement_round_repository.cc), placements (placement_repository.cc) and
// funding (funding_repository.cc) share: reading a student or a round row,
// the round's lock and state, and the JSON bodies.

#include <map>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "cppconn/connection.h"
#include "cppconn/resultset.h"
#include "db/rows.h"
#include "samen/partners/v1/placements.pb.h"
#include "services/common/resource/etag.h"
#include "services/common/resource/names.h"
#include "services/common/timestamp.h"
#include "services/partners/placement_round_rules.h"
#include "services/partners/stored_json.h"
#include "services/partners/student_rules.h"

namespace samen::partners::rows {

using resource::Tail;

using partners::FromJson;
using partners::ToJson;

// ---- Students ----
inline constexpr char kStudentSelect[] =
    "SELECT id, person_id, partnership_id, institute_id, category, "
    "programme_year, body, version, create_time, update_time FROM students";
absl::StatusOr<v1::Student> ReadStudent(sql::ResultSet& rs);
// Fills in the placement history of `students` with one query.
void ReadHistories(sql::Connection& c, std::vector<v1::Student*> students);
// The ids behind a student's names and the schools of their history and of
// published rounds; NOT_FOUND when there is no such student.
absl::StatusOr<StudentFacts> StudentFactsOf(sql::Connection& c,
                                            const std::string& student_id);

// ---- Rounds ----
inline constexpr char kRoundSelect[] =
    "SELECT partnership_id, round_id, school_year, state, body, version, "
    "create_time, update_time, publish_time FROM placement_rounds";
absl::StatusOr<v1::PlacementRound> ReadRound(sql::ResultSet& rs);
absl::StatusOr<v1::PlacementRound> LoadRound(sql::Connection& c,
                                             const RoundName& name, bool lock);
// The round's version column; `lock` reads it with FOR UPDATE (the latest
// committed version, whatever the transaction's snapshot).
int64_t RoundVersion(sql::Connection& c, const RoundName& name, bool lock);
// FAILED_PRECONDITION unless the round is OPEN.
absl::Status CheckOpen(const v1::PlacementRound& round);
// capacities, rules, last_proposal.
std::string RoundBody(const v1::PlacementRound& round);
// Writes the body and moves the version on.
void SaveRoundBody(sql::Connection& c, const RoundName& name,
                   const v1::PlacementRound& round, absl::Time now);
// choices, learning_question, duo_with.
std::string PreferenceBody(const v1::PlacementPreference& p);

// Sets etag (from the name, version and create_time columns) and
// update_time of a resource that shows no create_time.
template <typename Resource>
void ReadEtagAndUpdateTime(sql::ResultSet& rs, Resource* r);

// What the directory says about the organisations `ids` for the solver:
// sector, and whether each is a PARTNER member of `partnership_id`.
std::map<std::string, SchoolFacts> LoadSchoolFacts(
    sql::Connection& c, const std::string& partnership_id,
    const std::vector<std::string>& ids);

// ---- Placements ----
inline constexpr char kPlacementSelect[] =
    "SELECT partnership_id, round_id, student_id, school_id, locked, body, "
    "version, create_time, update_time FROM placements";
absl::StatusOr<v1::Placement> ReadPlacement(sql::ResultSet& rs);
// preference_rank, travel_minutes, reasons.
std::string PlacementBody(const v1::Placement& p);

template <typename Resource>
void ReadEtagAndUpdateTime(sql::ResultSet& rs, Resource* r) {
  r->set_etag(resource::MakeEtag(r->name(), rs.getInt64("version"),
                                 db::Datetime(rs, "create_time")));
  ToTimestamp(db::Datetime(rs, "update_time"), r->mutable_update_time());
}

}  // namespace samen::partners::rows
