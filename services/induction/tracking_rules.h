#pragma once

// Pure decisions of HR tracking: when a starter is at risk, counts per school
// and cohort, and the CSV export (RFC 4180, UTF-8 with a byte-order mark so
// spreadsheets read Dutch characters right). Tracking never holds coaching
// content: only counts and times.

#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "samen/induction/v1/tracking.pb.h"

namespace samen::induction {

namespace v1 = ::samen::induction::v1;

// What the repository counted for one starter in the current programme year.
struct TrackingFacts {
  absl::CivilDay start_date;
  int current_year = 1;
  int at_risk_weeks = 6;
  int no_shows = 0;
  std::optional<absl::Time> last_contact;
};

// The first day of the starter's current programme year (the start date
// moved on by whole years).
absl::CivilDay ProgrammeYearStart(absl::CivilDay start_date, int year);

// Sets `at_risk` and `risk_reasons` of an ACTIVE starter's `row` (others are
// never at risk):
// - NO_RECENT_CONTACT: no held contact for `at_risk_weeks` (counted from the
//   start of the programme year when there was none);
// - REPEATED_NO_SHOWS: two or more no-shows this year;
// - QUOTA_BEHIND_SCHEDULE: at least a quarter of the year gone and fewer
//   sessions used than half of what the elapsed part implies.
void AssessRisk(const TrackingFacts& facts, absl::Time now,
                v1::StarterTracking* row);

// What a starter sees of their own quota: the row's counts of this programme
// year, with what is left (never below zero); `name` is left to the caller.
v1::CoachingUsage UsageOf(const v1::StarterTracking& row);

// Counts per school and cohort (the start date's year), by school then cohort.
std::vector<v1::TrackingCount> CountBySchoolAndCohort(
    const std::vector<v1::StarterTracking>& rows);

// The CSV export (services/common/resource/csv.h: byte-order mark, CRLF,
// RFC 4180 quoting, formulas defused): a header row, one row per starter.
std::string TrackingCsv(const std::vector<v1::StarterTracking>& rows);

}  // namespace samen::induction
