#pragma once

// Pure decisions about placing students at schools: the categories and
// sectors, the travel time between two points (haversine over coordinates kept
// as data), which school a student may be placed at and what each candidate
// placement costs under the partnership's rules (preferences, partner schools
// first, travel, rotation). No I/O and no solver: the solver
// (placement_solver.h) minimises the sum of these costs; unit-tested in
// tests/unit/partners/placement_rules_test.cc.

#include <map>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace samen::partners::placement {

// A student's category (DOMAIN.md, "People and roles").
enum class Category {
  kHboFullTime,
  kHboPartTime,
  kCareerChanger,
  kMinor,
  kMaster,
  kMboTeachingAssistant,
  kPabo,
};
inline constexpr int kCategoryCount = 7;
// "HBO_FULL_TIME", ... as in the proto enum.
absl::string_view CategoryName(Category c);

// The kind of school a placement is at; sector rotation is about these.
enum class Sector { kPrimary, kSecondary, kVocational, kSpecial };
absl::string_view SectorName(Sector s);

struct GeoPoint {
  double latitude = 0;   // degrees
  double longitude = 0;  // degrees
};

// Great-circle distance in kilometres (haversine, earth radius 6371 km).
double HaversineKm(const GeoPoint& a, const GeoPoint& b);

struct School {
  std::string id;
  Sector sector = Sector::kSecondary;
  // A partner school is preferred over a cooperating or following one.
  bool partner = true;
  GeoPoint location;
  // Places per category; a missing category has none.
  std::map<Category, int> places;
  // How many duo pairs (two first-year students, one mentor) it takes.
  int duo_places = 0;
  // Mentors available; every placed student needs one, a duo pair shares one.
  int mentors = 0;
};

struct Student {
  std::string id;
  Category category = Category::kHboFullTime;
  int programme_year = 1;
  GeoPoint home;
  // School ids, most wanted first.
  std::vector<std::string> preferences;
  // Last year's school and its sector; empty / unset for a first placement.
  std::string last_school;
  bool has_last_sector = false;
  Sector last_sector = Sector::kSecondary;
  // A school the coordinator locked this student to; empty when not locked.
  std::string locked_school;
};

// Two first-year students placed together with one mentor.
struct DuoPair {
  std::string first;
  std::string second;
};

// The partnership's rules as weights (all costs are whole numbers, so the
// objective is exact) and hard limits.
struct Rules {
  int max_preferences = 5;
  // Cost of each rank below the first preference (rank 2 costs 1 step).
  int preference_step = 10;
  // Cost of a school the student did not name.
  int unpreferred = 60;
  // Cost of a school that is not (yet) a partner.
  int non_partner = 40;
  // Cost per whole minute of travel; 0 ignores travel.
  int per_travel_minute = 1;
  // Travel time above this is not allowed (hard); 0: no limit.
  int max_travel_minutes = 90;
  // Door-to-door speed used to turn kilometres into minutes.
  double travel_speed_kmh = 40;
  // Hard: never the same school as last year.
  bool different_school_each_year = true;
  // Cost of a vocational (mbo) placement before programme year 3.
  int early_vocational = 30;
  // Cost of the same sector as last year (rotation across sectors).
  int same_sector = 5;
  // Cost of leaving a student unplaced (the relaxation's slack); must exceed
  // any placement's cost.
  int unplaced = 100000;
  // Cost of a place over a school's capacity (slack for locks that overfill a
  // school); larger still.
  int over_capacity = 1000000;
  double time_limit_seconds = 60;
};

// Whole minutes from home to school at the rules' speed, rounded up.
int TravelMinutes(const Rules& rules, const GeoPoint& home,
                  const GeoPoint& school);

// What placing one student at one school would mean.
struct Assessment {
  // False when a hard rule forbids it (then `blocked_by` says which).
  bool allowed = true;
  std::string blocked_by;
  int cost = 0;
  // 1-based rank among the student's preferences; 0 when not named.
  int preference_rank = 0;
  int travel_minutes = 0;
  // Why it costs what it costs, one line per rule that applied.
  std::vector<std::string> reasons;
};

// Whether `student` may be placed at `school` and at what cost. A school
// without places for the student's category is not allowed
// ("capacity.category"). A lock is not considered here.
Assessment Assess(const Rules& rules, const Student& student,
                  const School& school);

// Input checks before solving: unique ids, preferences and locks naming known
// schools, at most `max_preferences`, duo pairs of two distinct known
// first-year students each in at most one pair, non-negative capacities.
// INVALID_ARGUMENT naming the field (e.g. "students[3].preferences[1]").
absl::Status ValidateRound(const Rules& rules,
                           const std::vector<Student>& students,
                           const std::vector<School>& schools,
                           const std::vector<DuoPair>& duos);

}  // namespace samen::partners::placement
