#pragma once

// The placement round's optimiser: given students, schools with their
// capacities, preferences, travel, the rules, duo pairs and the coordinator's
// locks, proposes a school for every student by solving a mixed-integer
// programme with COIN-OR CBC. No I/O: unit-tested on synthetic rounds in
// tests/unit/partners/placement_solver_test.cc and benchmarked by
// bench/placements.sh.
//
// The model: a binary x[i][j] per allowed (student, school) pair
// (placement_rules.h decides which and at what cost), a locked pair fixed to 1
// whatever the rules say. Each student takes one school or the slack
// "unplaced" (cost Rules::unplaced); places per school and category, duo
// places and mentors are rows (a duo pair's two students share one mentor);
// the two students of a duo pair take the same school. Capacity rows carry a
// slack (cost Rules::over_capacity) so that locks which overfill a school are
// reported rather than failing the solve. Every slack used becomes a Blocker.

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "services/partners/placement_rules.h"

namespace samen::partners::placement {

struct Round {
  Rules rules;
  std::vector<Student> students;
  std::vector<School> schools;
  std::vector<DuoPair> duo_pairs;
};

struct Placement {
  std::string student_id;
  // Empty when the student could not be placed (see Proposal::blockers).
  std::string school_id;
  int cost = 0;
  int preference_rank = 0;  // 0: not a named preference
  int travel_minutes = 0;
  bool locked = false;
  bool duo = false;
  // Which preference and which rules made this placement, in words.
  std::vector<std::string> reasons;
};

// A capacity or rule that kept the round from placing everyone as asked.
struct Blocker {
  // "capacity.category", "capacity.mentors", "capacity.duo",
  // "capacity.locks", or the rule of placement_rules.h ("rotation.school",
  // "travel.max") that left a student without any allowed school.
  std::string kind;
  std::string message;
  // Students affected (the unplaced, or the places over capacity).
  int count = 0;
};

enum class SolveStatus {
  kOptimal,     // proven optimal (objective == bound)
  kFeasible,    // a solution, not proven optimal within the time limit
  kNoSolution,  // the time limit passed before any solution
};

struct Proposal {
  SolveStatus status = SolveStatus::kNoSolution;
  // In the students' order.
  std::vector<Placement> placements;
  // The solver's objective and its proven lower bound (equal when optimal);
  // both include the slacks' costs.
  double objective = 0;
  double bound = 0;
  int unplaced = 0;
  std::vector<Blocker> blockers;
  double solve_seconds = 0;
  int variables = 0;
  int constraints = 0;
};

// INVALID_ARGUMENT for a round that ValidateRound rejects; INTERNAL when the
// solver fails in a way the slacks should have prevented.
absl::StatusOr<Proposal> Solve(const Round& round);

}  // namespace samen::partners::placement
