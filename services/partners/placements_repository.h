#pragma once

// The SQL of students, placement rounds and funding (database
// `samen_partners`, migration 0010): student_repository.cc,
// placement_repository.cc and funding_repository.cc, and the only place with
// it for these resources. Kept apart from PartnersRepository so that each
// part of the Partners service owns its own statements. Every method runs in
// one transaction (or one autocommit read) and honours the deadline.

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "db/pool.h"
#include "samen/partners/v1/placements.pb.h"
#include "services/common/clock.h"
#include "services/common/resource/page.h"
#include "services/partners/placement_round_rules.h"
#include "services/partners/student_rules.h"

namespace samen::partners {

// A student with the facts authorization needs.
struct StoredStudent {
  v1::Student student;
  StudentFacts facts;
};

// Filters of a student listing (empty / 0: no filter), and what the caller
// may see.
struct StudentFilter {
  std::string partnership_id;
  std::string institute_id;
  int category = 0;
  int programme_year = 0;
  StudentVisibility visibility;
};

// Decides inside the transaction, on the stored student, whether the change
// may go ahead, and applies it (mask, validation).
using ChangeStudent = std::function<absl::Status(v1::Student* student,
                                                 const StudentFacts& facts)>;
using CheckStudent = std::function<absl::Status(const StudentFacts& facts)>;
using MutateRound = std::function<absl::Status(v1::PlacementRound* round)>;

// A student's preference with the facts its authorization needs.
struct StoredPreference {
  v1::PlacementPreference preference;
  StudentFacts student;
  v1::PlacementRound round;
};
// Checks and applies a preference update on the stored one (mask,
// validation against the round, who may set what).
using ChangePreference = std::function<absl::Status(
    v1::PlacementPreference* preference, const StoredPreference& stored)>;

// Everything :propose needs, read in one snapshot; `version` is the round's,
// which every lock or hand-made change bumps, so a proposal saved against an
// older version is refused.
struct RoundInputs {
  v1::PlacementRound round;
  int64_t version = 0;
  std::map<std::string, SchoolFacts> schools;
  std::vector<RoundStudent> students;
};

// Makes the new placement from the round's inputs and the current one (an
// empty placement with only `name` when there is none yet).
using ChangePlacement = std::function<absl::Status(
    v1::Placement* placement, const RoundInputs& inputs,
    const RoundStudent& student)>;

// Counted students per school for a funding forecast.
struct CountedStudents {
  // Where the counts come from: "placementRounds/{round}" or "history".
  std::string source;
  std::vector<std::pair<std::string, int>> per_school;
};

// A read of students' records to put on record (who, as what, how).
struct StudentRead {
  std::string viewer_id;
  std::string viewer_name;
  std::string viewer_role;
  std::string action;  // "GET" or "LIST"
  std::string method;  // "GetStudent", "ListStudents", "ListPlacements"
};

class PlacementsRepository {
 public:
  // `clock` stamps create and update times; both outlive the repository.
  PlacementsRepository(db::Pool* pool, const Clock* clock)
      : pool_(pool), clock_(clock) {}

  // ---- Students (student_repository.cc) ----
  absl::StatusOr<StoredStudent> GetStudent(const std::string& id,
                                           absl::Time deadline);
  absl::StatusOr<resource::Page<v1::Student>> ListStudents(
      const StudentFilter& filter, const std::string& after, int limit,
      absl::Time deadline);
  // `student` is validated. INVALID_ARGUMENT naming the field when the
  // person, partnership or institute does not exist (or the institute is not
  // an institute); ALREADY_EXISTS when the id is taken or the person already
  // has a student record.
  absl::StatusOr<v1::Student> CreateStudent(const std::string& id,
                                            const v1::Student& student,
                                            absl::Time deadline);
  // Locks the student, lets `authorize` decide on the stored record, checks
  // `etag` (ABORTED when stale), lets `change` apply the update (and
  // authorise its result), and saves; a changed institute must exist.
  absl::StatusOr<v1::Student> UpdateStudent(const std::string& id,
                                            const std::string& etag,
                                            const CheckStudent& authorize,
                                            const ChangeStudent& change,
                                            absl::Time deadline);
  absl::Status DeleteStudent(const std::string& id, const std::string& etag,
                             const CheckStudent& authorize,
                             absl::Time deadline);

  // ---- Reads on record (student_access_repository.cc) ----
  // Records `read` once for each of `student_ids` that exists and is not the
  // viewer's own record (a student's own reads are not recorded), stamped
  // now, in one statement per 100 students.
  absl::Status RecordStudentReads(const std::vector<std::string>& student_ids,
                                  const StudentRead& read, absl::Time deadline);
  // The student's access records, newest first; `after` is the id of the
  // last one of the previous page.
  absl::StatusOr<resource::Page<v1::StudentAccessRecord>>
  ListStudentAccessRecords(const std::string& student_id,
                           const std::string& after, int limit,
                           absl::Time deadline);

  // ---- Placement rounds and preferences (placement_round_repository.cc) ----
  absl::StatusOr<v1::PlacementRound> GetPlacementRound(const RoundName& name,
                                                       absl::Time deadline);
  absl::StatusOr<resource::Page<v1::PlacementRound>> ListPlacementRounds(
      const std::string& partnership_id, const std::string& after, int limit,
      absl::Time deadline);
  // `round` is validated; its schools must be schools in the directory
  // (INVALID_ARGUMENT naming capacities[k].school); ALREADY_EXISTS for a
  // taken id or a second round of the same school year.
  absl::StatusOr<v1::PlacementRound> CreatePlacementRound(
      const RoundName& name, const v1::PlacementRound& round,
      absl::Time deadline);
  // Locks the round; it must be OPEN (FAILED_PRECONDITION); checks `etag`.
  absl::StatusOr<v1::PlacementRound> UpdatePlacementRound(
      const RoundName& name, const std::string& etag, const MutateRound& mutate,
      absl::Time deadline);
  // The saved preference, or an empty one (no etag) before the first save;
  // NOT_FOUND when the round or the student (of the round's partnership)
  // does not exist.
  absl::StatusOr<StoredPreference> GetPreference(const RoundStudentName& name,
                                                 absl::Time deadline);
  // Saves under the round's lock (OPEN only), checking `etag` against the
  // saved one (a first save takes an empty etag).
  absl::StatusOr<v1::PlacementPreference> UpdatePreference(
      const RoundStudentName& name, const std::string& etag,
      const ChangePreference& change, absl::Time deadline);

  // ---- Proposals, placements, publishing (placement_repository.cc) ----
  absl::StatusOr<RoundInputs> LoadRoundInputs(const RoundName& name,
                                              absl::Time deadline);
  // Replaces the round's unlocked placements with `placements` (one per
  // student in the proposal, locked ones kept as they are) and stores
  // `summary`, provided the round is still OPEN at `version` (ABORTED
  // otherwise: locks or capacities changed while the solver ran).
  absl::StatusOr<v1::PlacementRound> SaveProposal(
      const RoundName& name, int64_t version,
      const std::vector<v1::Placement>& placements,
      const v1::ProposalSummary& summary, absl::Time deadline);
  absl::StatusOr<resource::Page<v1::Placement>> ListPlacements(
      const RoundName& name, const PlacementReadScope& scope,
      const std::string& school_id, const std::string& after, int limit,
      absl::Time deadline);
  // Under the round's lock (OPEN only): the student's placement (created
  // when there is none yet), `etag` checked, changed by `change`, saved; the
  // round's version moves on.
  absl::StatusOr<v1::Placement> UpdatePlacement(const RoundStudentName& name,
                                                const std::string& etag,
                                                const ChangePlacement& change,
                                                absl::Time deadline);
  // Under the round's lock: a PUBLISHED round is returned as it is; an OPEN
  // one needs placements (FAILED_PRECONDITION), which enter the students'
  // history for the round's school year, and becomes PUBLISHED.
  absl::StatusOr<v1::PlacementRound> PublishPlacementRound(
      const RoundName& name, absl::Time deadline);

  // ---- Funding (funding_repository.cc) ----
  absl::StatusOr<resource::Page<v1::FundingRegulation>> ListFundingRegulations(
      const std::string& after, int limit, absl::Time deadline);
  absl::StatusOr<v1::FundingRegulation> GetFundingRegulation(
      const std::string& id, absl::Time deadline);
  // The partnership's counted students in `school_year` per school: the
  // placements (proposed or published) of its round for that year at schools
  // whose capacity counts for funding; without a round, the students'
  // history for that year at schools that are PARTNER or FOLLOWING members.
  // NOT_FOUND when the partnership does not exist.
  absl::StatusOr<CountedStudents> CountStudents(
      const std::string& partnership_id, const std::string& school_year,
      absl::Time deadline);

  // ---- Green picking (student_repository.cc) ----
  // The partnership's students (their number in `overview.students`) and,
  // for each active grant on `day` of one of `roles` in an organisation
  // scope held by one of them, a signal (placed_there filled in); the
  // caller filters with SignalsGreenPicking. NOT_FOUND for no partnership.
  absl::StatusOr<v1::GreenPickingOverview> GreenPickingCandidates(
      const std::string& partnership_id, const std::vector<std::string>& roles,
      const std::string& day, absl::Time deadline);

 private:
  db::Pool* pool_;
  const Clock* clock_;
};

}  // namespace samen::partners
