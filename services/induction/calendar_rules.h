#pragma once

// Pure calendar decisions of the Induction service: expanding a coach's weekly
// windows (Europe/Amsterdam wall-clock) into slots per date, the minimum
// notice and booking horizon, late cancellation, the quota, overlaps with the
// coach's buffer, the daily maximum, and the 5-minute time claims the database
// keeps unique. No I/O; every rule is unit-tested at exact instants.

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "samen/induction/v1/calendar.pb.h"
#include "samen/induction/v1/programmes.pb.h"

namespace samen::induction {

namespace v1 = ::samen::induction::v1;

// Europe/Amsterdam, loaded once (tzdata); every calendar rule computes in it.
const absl::TimeZone& Amsterdam();

// Entries are claimed in steps of this length; times must be aligned to it.
inline constexpr absl::Duration kQuantum = absl::Minutes(5);

struct WeeklyWindow {
  int weekday = 1;  // 1 = Monday ... 7 = Sunday
  int start_minute = 0;
  int end_minute = 0;
};

struct DayException {
  absl::CivilDay day;
  bool day_off = false;
  int start_minute = 0;  // extra window when !day_off
  int end_minute = 0;
};

struct AvailabilitySpec {
  int slot_minutes = 45;
  int buffer_minutes = 0;
  int max_per_day = 0;  // 0: no limit
  std::string location;
  std::string online_link;
  std::vector<WeeklyWindow> weekly;
  std::vector<DayException> exceptions;
};

// Validates `a` (request field prefix "availability") and converts it.
absl::StatusOr<AvailabilitySpec> AvailabilityFromProto(
    const v1::Availability& a);
void AvailabilityToProto(const AvailabilitySpec& spec, v1::Availability* out);

struct Interval {
  absl::Time start;
  absl::Time end;
  friend bool operator==(const Interval&, const Interval&) = default;
};

// ISO weekday of a date: 1 = Monday ... 7 = Sunday.
int IsoWeekday(absl::CivilDay day);

// The absolute time of local wall-clock `minute` after midnight on `day`.
// Returns nothing for a wall-clock time that does not exist (the hour skipped
// when summer time starts); a repeated time (autumn) takes its first
// occurrence.
std::optional<absl::Time> LocalTime(absl::CivilDay day, int minute,
                                    const absl::TimeZone& tz);

// [local midnight of `day`, local midnight of the next day) as absolute times.
Interval LocalDay(absl::CivilDay day, const absl::TimeZone& tz);

// The slots of `spec` on one local date: each window (weekly windows of that
// weekday, unless the date is a day off, plus extra windows of that date) is
// cut into sessions of `slot_minutes` (real minutes) starting every
// `slot_minutes + buffer_minutes` minutes of wall-clock time; a slot must end
// by the end of its window. A start in the hour skipped when summer time
// begins is left out; a repeated start (autumn) is its first occurrence.
// Sorted by start, duplicates (overlapping windows) removed.
std::vector<Interval> ExpandSlots(const AvailabilitySpec& spec,
                                  absl::CivilDay day, const absl::TimeZone& tz);
// All slots of the dates first..last (inclusive).
std::vector<Interval> ExpandSlots(const AvailabilitySpec& spec,
                                  absl::CivilDay first, absl::CivilDay last,
                                  const absl::TimeZone& tz);

// The booking rules of a programme, with defaults applied.
struct BookingPolicySpec {
  absl::Duration minimum_notice = absl::Hours(24);
  absl::Duration horizon = absl::Hours(24 * 42);
  absl::Duration cancellation_notice = absl::Hours(24);
};
BookingPolicySpec PolicyFromProto(const v1::BookingPolicy& p);

// OK when `start` is at least the minimum notice after `now` (exactly the
// notice is allowed) and at most the horizon after it (exactly the horizon is
// allowed); FAILED_PRECONDITION saying which rule refused otherwise.
absl::Status CheckNoticeAndHorizon(const BookingPolicySpec& policy,
                                   absl::Time now, absl::Time start);

// When a starter's cancellation of a session starting at `start` becomes
// late: the cancellation notice before the start.
absl::Time LateCancellationTime(const BookingPolicySpec& policy,
                                absl::Time start);
// Whether a starter's cancellation at `now` of a session starting at `start`
// is late: after LateCancellationTime (less than the notice before the start).
bool IsLateCancellation(const BookingPolicySpec& policy, absl::Time now,
                        absl::Time start);

// OK while `used` < `quota`; FAILED_PRECONDITION (reason QUOTA_EXHAUSTED)
// otherwise.
absl::Status CheckQuota(int used, int quota, int year);

// Whether two entries collide when `gap` must stay free between them (the
// coach's buffer; zero for starters). Touching entries do not collide.
bool Collides(const Interval& a, const Interval& b, absl::Duration gap);

// The 5-minute quanta [start, end) covers: one unique row per person and
// quantum in the database makes overlapping entries impossible.
std::vector<absl::Time> ClaimQuanta(const Interval& entry);
bool IsQuantumAligned(absl::Time t);

// An entry someone already has.
struct BusyEntry {
  std::string id;
  Interval when;
  // True when the coach leads it (counts for the coach's daily maximum).
  bool coach_leads = false;
};

// Everything the rules need to decide a booking (or a reschedule), read inside
// the transaction after the starter's and the coach's rows are locked.
struct BookingFacts {
  v1::Starter::Status starter_status = v1::Starter::ACTIVE;
  bool coach_assigned = false;
  BookingPolicySpec policy;
  int year = 1;
  int quota = 0;
  int used = 0;
  // False on reschedule: the session already counts.
  bool count_quota = true;
  std::optional<AvailabilitySpec> availability;
  // Active entries of the coach and of the starter around the day (the booking
  // being rescheduled excluded).
  std::vector<BusyEntry> coach_busy;
  std::vector<BusyEntry> starter_busy;
};

// Decides whether `start` can be booked at `now`; returns the session's
// interval. Checks, in order: the starter is active, the coach is theirs, the
// coach has availability, notice and horizon, `start` begins a slot, overlaps
// with the coach's (with buffer) and the starter's entries (ALREADY_EXISTS),
// the coach's daily maximum, the quota.
absl::StatusOr<Interval> DecideBooking(const BookingFacts& facts,
                                       absl::Time now, absl::Time start);

// The open slots between two dates: slots that pass notice and horizon, do not
// collide with busy entries, on days the coach still has room.
std::vector<Interval> OpenSlots(const AvailabilitySpec& spec,
                                const BookingPolicySpec& policy, absl::Time now,
                                absl::CivilDay first, absl::CivilDay last,
                                const std::vector<BusyEntry>& coach_busy,
                                const std::vector<BusyEntry>& starter_busy);

}  // namespace samen::induction
