#pragma once

// Pure decisions about placement rounds
// (partnerships/{p}/placementRounds/{round}), students' preferences and
// placements: names, valid capacities, rules and preferences, who may manage
// and read what, and turning a round with its students into the solver's
// input (placement_solver.h) and the solver's output back into placements.
// No I/O: unit-tested in tests/unit/partners/placement_round_rules_test.cc.

#include <map>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "samen/partners/v1/placements.pb.h"
#include "samen/partners/v1/resources.pb.h"
#include "services/common/auth/auth.h"
#include "services/partners/placement_solver.h"

namespace samen::partners {

namespace v1 = ::samen::partners::v1;

struct RoundName {
  std::string partnership_id;
  std::string round_id;
};
// A preference or placement: the round and the student.
struct RoundStudentName {
  std::string partnership_id;
  std::string round_id;
  std::string student_id;
};

absl::StatusOr<RoundName> ParsePlacementRoundName(absl::string_view name,
                                                  absl::string_view field);
std::string PlacementRoundName(absl::string_view p, absl::string_view r);
absl::StatusOr<RoundStudentName> ParsePreferenceName(absl::string_view name,
                                                     absl::string_view field);
std::string PreferenceName(const RoundStudentName& n);
absl::StatusOr<RoundStudentName> ParsePlacementName(absl::string_view name,
                                                    absl::string_view field);
std::string PlacementName(const RoundStudentName& n);

// school_year well-formed; capacities name distinct schools, each category
// once with 0 to 500 places, duo places and mentors 0 to 500, coordinates in
// range; rules within their ranges (docs/placements.md). `prefix`:
// "placement_round".
absl::Status ValidatePlacementRound(const v1::PlacementRound& r,
                                    absl::string_view prefix);
// capacities, rules.
const std::vector<std::string>& UpdatablePlacementRoundFields();
// The solver's rules: the round's, defaults for zero values.
placement::Rules EffectiveRules(const v1::PlacementRules& r);

// At most `max_preferences` distinct, well-formed schools with reasons of at
// most 500 characters; learning question at most 2000; duo_with empty or a
// student's name other than `student_id`.
absl::Status ValidatePreference(const v1::PlacementPreference& p,
                                int max_preferences,
                                absl::string_view student_id,
                                absl::string_view prefix);
// The fields a preference update may name: a manager all three, the student
// only `choices`.
const std::vector<std::string>& PreferenceFields(bool manager);

// Coordinators of the partnership and administrators.
absl::Status MayManageRound(const auth::Principal& who,
                            absl::string_view partnership_id);
// MayManageRound, institute educators, and school educators of a school in
// the round's capacities.
absl::Status MayReadRound(const auth::Principal& who,
                          absl::string_view partnership_id,
                          const v1::PlacementRound& round);

// Which placements of a round a caller may list.
struct PlacementReadScope {
  bool all = false;
  std::vector<std::string> school_ids;  // placements at these schools
  std::string person_id;                // the caller's own placement
};
// Managers and institute educators all; once the round is published, school
// educators and mentors those at their schools and a student their own.
// PERMISSION_DENIED when nothing could be shown (HR).
absl::StatusOr<PlacementReadScope> ReadablePlacements(
    const auth::Principal& who, absl::string_view partnership_id,
    bool published);

// What the directory says about a school for the solver.
struct SchoolFacts {
  v1::Sector sector = v1::SECTOR_UNSPECIFIED;
  // A PARTNER member of the round's partnership (others come after).
  bool partner = false;
};

// One student of the round with their preference and lock.
struct RoundStudent {
  v1::Student student;
  v1::PlacementPreference preference;  // empty when none was saved
  std::string locked_school_id;        // "" when not locked
};

// The solver's input: every student of the partnership, the schools of the
// capacities (with `facts` by organisation id, also for last year's schools),
// the rules, duo pairs from `duo_with` (both must be first-year students of
// the round, each in one pair), locks. Last year is the history entry of the
// school year before the round's. FAILED_PRECONDITION naming the preference
// when a duo pair cannot be.
absl::StatusOr<placement::Round> BuildSolverRound(
    const v1::PlacementRound& round,
    const std::map<std::string, SchoolFacts>& facts,
    const std::vector<RoundStudent>& students, double time_limit_seconds);

// The summary of a proposal for the round's `last_proposal`.
v1::ProposalSummary SummaryOf(const placement::Proposal& p);

// A placement's explanation when the coordinator sets it by hand: the
// solver's assessment of that school for the student, after "set by hand".
v1::Placement ExplainManualPlacement(
    const v1::PlacementRound& round,
    const std::map<std::string, SchoolFacts>& facts,
    const RoundStudent& student, const std::string& school_id);

}  // namespace samen::partners
