#pragma once

// The calendar every Induction entry (booking, lesson visit, intervision)
// shares: entry kinds and roles as stored, person locks, busy entries and
// time claims; and the loaders the repository files share. Not part of the
// repository's interface. Functions here may throw sql::SQLException.

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "cppconn/connection.h"
#include "services/induction/calendar_rules.h"
#include "services/induction/induction_repository.h"

namespace samen::induction::calendar {

// Entry kinds, states and participant roles as stored.
inline constexpr int kCoaching = 1;
inline constexpr int kLessonVisit = 2;
inline constexpr int kIntervision = 3;
inline constexpr int kRoleCoach = 1;
inline constexpr int kRoleStarter = 2;
// v1::EntryState values are stored as is (1 confirmed ... 4 no-show).
inline constexpr char kActiveStates[] = "(1, 3, 4)";

// Locks the person_locks rows of `person_ids` (creating missing ones) in id
// order, so concurrent calendar writes involving any of them serialise and
// cannot deadlock on each other. Create the rows beforehand, outside the
// transaction (EnsurePersonRows): locking a missing row gap-locks its
// neighbourhood, and concurrent first writes then deadlock on the inserts.
void LockPeople(sql::Connection& c, std::vector<std::string> person_ids);

// Makes sure every id has a person_locks row (autocommit-safe, idempotent).
void EnsurePersonRows(sql::Connection& c, const std::vector<std::string>& ids);

// Active entries (confirmed, held, no-show) `person_id` takes part in that
// overlap [from, to), except `exclude_entry`.
std::vector<BusyEntry> BusyOf(sql::Connection& c, const std::string& person_id,
                              absl::Time from, absl::Time to,
                              const std::string& exclude_entry);
// The same for several people in one statement: one list per person, in the
// order of `person_ids`.
std::vector<std::vector<BusyEntry>> BusyOfEach(
    sql::Connection& c, const std::vector<std::string>& person_ids,
    absl::Time from, absl::Time to, const std::string& exclude_entry);

// Inserts the claims of `entry` for each person; a duplicate key (an overlap
// committed by someone else) throws sql::SQLException 1062.
void InsertClaims(sql::Connection& c, const std::string& entry_id,
                  const Interval& when,
                  const std::vector<std::string>& person_ids);
void DeleteClaims(sql::Connection& c, const std::string& entry_id);

// ALREADY_EXISTS (reason SLOT_TAKEN) for a claim that lost the race.
absl::Status SlotTaken();

}  // namespace samen::induction::calendar

namespace samen::induction {

// Loaders shared between the repository files.
absl::StatusOr<v1::Programme> LoadProgramme(sql::Connection& c,
                                            const std::string& id, bool lock);
absl::StatusOr<StarterRecord> LoadStarter(sql::Connection& c,
                                          const std::string& id, bool lock);
// The coach's availability; nothing when none is published.
std::optional<AvailabilitySpec> LoadAvailabilitySpec(
    sql::Connection& c, const std::string& coach_id);

}  // namespace samen::induction
