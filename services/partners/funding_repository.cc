// Funding regulations (fundingRegulations/{regulation}: rows of
// funding_regulations with their funding_tiers, versioned by
// regulation_key + version) and the counts a forecast starts from.

#include "absl/strings/str_cat.h"
#include "db/rows.h"
#include "db/run.h"
#include "db/statement.h"
#include "db/transaction.h"
#include "db/where.h"
#include "services/common/errors.h"
#include "services/common/status_macros.h"
#include "services/common/stored_resource.h"
#include "services/partners/placement_rows.h"
#include "services/partners/placements_repository.h"

namespace samen::partners {
namespace {

constexpr char kRegulationSelect[] =
    "SELECT id, version, title, source, valid_from, model, "
    "per_student_euros, cap_euros FROM funding_regulations";

absl::StatusOr<v1::FundingRegulation> ReadRegulation(sql::ResultSet& rs) {
  v1::FundingRegulation r;
  r.set_name(absl::StrCat("fundingRegulations/", db::Str(rs, "id")));
  r.set_version(db::Int(rs, "version"));
  r.set_title(db::Str(rs, "title"));
  r.set_source(db::Str(rs, "source"));
  r.set_valid_from(db::Str(rs, "valid_from"));
  r.set_model(static_cast<v1::FundingRegulation::Model>(db::Int(rs, "model")));
  r.set_per_student_euros(db::Int64(rs, "per_student_euros"));
  r.set_cap_euros(db::Int64(rs, "cap_euros"));
  return r;
}

void ReadTiers(sql::Connection& c, v1::FundingRegulation* r) {
  db::Rows rs = db::ExecuteQuery(
      c,
      "SELECT min_students, amount_euros FROM funding_tiers WHERE "
      "regulation_id = ? ORDER BY min_students",
      rows::Tail(r->name()));
  while (rs->next()) {
    v1::FundingTier* t = r->add_tiers();
    t->set_min_students(db::Int(*rs, "min_students"));
    t->set_amount_euros(db::Int64(*rs, "amount_euros"));
  }
}

// From the round for the year, if there is one.
absl::StatusOr<bool> CountFromRound(sql::Connection& c,
                                    const std::string& partnership_id,
                                    const std::string& school_year,
                                    CountedStudents* out) {
  db::Rows rs = db::ExecuteQuery(
      c,
      absl::StrCat(rows::kRoundSelect,
                   " WHERE partnership_id = ? AND school_year = ?"),
      partnership_id, school_year);
  if (!rs->next()) {
    return false;
  }
  ASSIGN_OR_RETURN(v1::PlacementRound round, rows::ReadRound(*rs));
  out->source = round.name().substr(round.name().find("placementRounds/"));
  std::map<std::string, bool> counts;
  for (const v1::SchoolCapacity& cap : round.capacities()) {
    counts[rows::Tail(cap.school())] = cap.counts_for_funding();
  }
  db::Rows placed = db::ExecuteQuery(
      c,
      "SELECT school_id, COUNT(*) AS n FROM placements WHERE partnership_id "
      "= ? AND round_id = ? AND school_id IS NOT NULL GROUP BY school_id "
      "ORDER BY school_id",
      partnership_id, rows::Tail(out->source));
  while (placed->next()) {
    const std::string school = db::Str(*placed, "school_id");
    if (counts[school]) {
      out->per_school.emplace_back(school, db::Int(*placed, "n"));
    }
  }
  return true;
}

}  // namespace

absl::StatusOr<resource::Page<v1::FundingRegulation>>
PlacementsRepository::ListFundingRegulations(const std::string& after,
                                             int limit, absl::Time deadline) {
  return db::WithConnection<resource::Page<v1::FundingRegulation>>(
      *pool_, deadline, "list funding regulations",
      [&](sql::Connection& c)
          -> absl::StatusOr<resource::Page<v1::FundingRegulation>> {
        ASSIGN_OR_RETURN(auto page, ListById<v1::FundingRegulation>(
                                        c, kRegulationSelect, "id", after,
                                        db::Where(), limit, ReadRegulation));
        for (v1::FundingRegulation& r : page.items) {
          ReadTiers(c, &r);
        }
        return page;
      });
}

absl::StatusOr<v1::FundingRegulation>
PlacementsRepository::GetFundingRegulation(const std::string& id,
                                           absl::Time deadline) {
  return db::WithConnection<v1::FundingRegulation>(
      *pool_, deadline, "get funding regulation",
      [&](sql::Connection& c) -> absl::StatusOr<v1::FundingRegulation> {
        ASSIGN_OR_RETURN(
            v1::FundingRegulation r,
            db::ReadOne(
                db::ExecuteQuery(
                    c, absl::StrCat(kRegulationSelect, " WHERE id = ?"), id),
                ReadRegulation, [&] {
                  return ResourceNotFound(
                      absl::StrCat("fundingRegulations/", id));
                }));
        ReadTiers(c, &r);
        return r;
      });
}

absl::StatusOr<CountedStudents> PlacementsRepository::CountStudents(
    const std::string& partnership_id, const std::string& school_year,
    absl::Time deadline) {
  return db::InTransaction<CountedStudents>(
      *pool_, deadline, "count students for funding",
      [&](sql::Connection& c) -> absl::StatusOr<CountedStudents> {
        db::Rows p = db::ExecuteQuery(
            c, "SELECT id FROM partnerships WHERE id = ?", partnership_id);
        if (!p->next()) {
          return ResourceNotFound(
              absl::StrCat("partnerships/", partnership_id));
        }
        CountedStudents out;
        ASSIGN_OR_RETURN(bool from_round,
                         CountFromRound(c, partnership_id, school_year, &out));
        if (from_round) {
          return out;
        }
        out.source = "history";
        db::Rows rs = db::ExecuteQuery(
            c,
            "SELECT sp.school_id, COUNT(*) AS n FROM student_placements sp "
            "JOIN students s ON s.id = sp.student_id "
            "JOIN memberships m ON m.organisation_id = sp.school_id AND "
            "m.partnership_id = s.partnership_id AND m.role IN (1, 2) "
            "WHERE s.partnership_id = ? AND sp.school_year = ? "
            "GROUP BY sp.school_id ORDER BY sp.school_id",
            partnership_id, school_year);
        while (rs->next()) {
          out.per_school.emplace_back(db::Str(*rs, "school_id"),
                                      db::Int(*rs, "n"));
        }
        return out;
      });
}

}  // namespace samen::partners
