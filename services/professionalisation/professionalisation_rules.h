#pragma once

// Pure decisions of the Professionalisation service: resource names, what a
// valid activity is, the calendar (Europe/Amsterdam), who may organise,
// approve and read, and the enrolment rules (window, audience, series cap,
// placement, cancellation deadline, waitlist promotion order, completion).
// No I/O: everything here is unit-tested on its own.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "google/protobuf/timestamp.pb.h"
#include "samen/professionalisation/v1/professionalisation_service.pb.h"
#include "samen/professionalisation/v1/resources.pb.h"
#include "services/common/auth/auth.h"

namespace samen::professionalisation {

namespace v1 = ::samen::professionalisation::v1;
using State = v1::Enrolment::State;

// ---- Names -----------------------------------------------------------------

// `activities/{activity}` -> activity id.
absl::StatusOr<std::string> ParseActivityName(absl::string_view name,
                                              absl::string_view field);
// `people/{person}` -> person id.
absl::StatusOr<std::string> ParsePersonName(absl::string_view name,
                                            absl::string_view field);
// `people/{person}/developmentRecord` -> person id.
absl::StatusOr<std::string> ParseRecordName(absl::string_view name,
                                            absl::string_view field);
// `activities/{activity}/feedbackSummary` -> activity id.
absl::StatusOr<std::string> ParseFeedbackSummaryName(absl::string_view name,
                                                     absl::string_view field);

struct EnrolmentName {
  std::string activity_id;
  std::string person_id;
};
// `activities/{activity}/enrolments/{person}`.
absl::StatusOr<EnrolmentName> ParseEnrolmentName(absl::string_view name,
                                                 absl::string_view field);

struct SessionName {
  std::string activity_id;
  std::string session_id;
};
// `activities/{activity}/sessions/{session}`.
absl::StatusOr<SessionName> ParseSessionName(absl::string_view name,
                                             absl::string_view field);

// Who organises an activity.
struct Owner {
  bool partnership = false;  // else an organisation (school)
  std::string id;
  std::string name() const;  // "partnerships/osof"
};
absl::StatusOr<Owner> ParseOwner(absl::string_view name,
                                 absl::string_view field);

std::string ActivityName(absl::string_view activity_id);
std::string EnrolmentResourceName(absl::string_view activity_id,
                                  absl::string_view person_id);
std::string PersonName(absl::string_view person_id);

// ---- Calendar (Europe/Amsterdam) -------------------------------------------

// The time zone every calendar rule uses.
const absl::TimeZone& Amsterdam();

// `date` ("YYYY-MM-DD") at `hhmm` ("HH:MM") in Europe/Amsterdam. A local time
// that does not exist (skipped at the start of summer time) is refused; one
// that occurs twice (end of summer time) means the first occurrence.
absl::StatusOr<absl::Time> LocalTime(absl::string_view date,
                                     absl::string_view hhmm,
                                     absl::string_view field);
// The Europe/Amsterdam calendar date of `t`, "YYYY-MM-DD".
std::string LocalDate(absl::Time t);
// "YYYY-MM-DD HH:MM" in Europe/Amsterdam, for messages and exports.
std::string LocalDateTime(absl::Time t);
// Midnight (Europe/Amsterdam) at the start of the local day of `t`.
absl::Time StartOfLocalDay(absl::Time t);
// The school year (1 August to 31 July, Europe/Amsterdam) `t` falls in,
// "2025-2026".
std::string SchoolYear(absl::Time t);

// The instants [from, to) a catalogue date filter covers; `start_date` and
// `end_date` are local dates, either may be empty. With both empty, `from` is
// `now` (activities that have ended are left out) and `to` is infinite.
struct TimeRange {
  absl::Time from = absl::InfinitePast();
  absl::Time to = absl::InfiniteFuture();
};
absl::StatusOr<TimeRange> CatalogueRange(absl::string_view start_date,
                                         absl::string_view end_date,
                                         absl::Time now);

absl::Time FromTimestamp(const google::protobuf::Timestamp& ts);

// ---- Activities ------------------------------------------------------------

// Hours are kept in hundredths; the API accepts quarter hours.
int64_t HoursToCentis(double hours);
double CentisToHours(int64_t centis);

// Checks `a` as a client sent it (create, or after an update was merged),
// fills in each session's id (when empty), name, start_time and end_time, and
// the activity's start_time and end_time. `prefix` is the request field
// ("activity").
absl::Status ValidateAndResolveActivity(v1::Activity* a,
                                        absl::string_view activity_id,
                                        absl::string_view prefix);
// Create defaults: enrolment opens `now`, closes when the first session
// starts; cancellation is possible until midnight before the first session's
// day. Call after ValidateAndResolveActivity; then CheckEnrolmentTimes.
void ApplyCreateDefaults(v1::Activity* a, absl::Time now);
// The enrolment window must open before it closes.
absl::Status CheckEnrolmentTimes(const v1::Activity& a,
                                 absl::string_view prefix);

// Capacity cannot drop below the places already taken (reason
// CAPACITY_BELOW_ENROLLED).
absl::Status CheckCapacity(int capacity, int enrolled);

// Fields UpdateActivity may change.
const std::vector<std::string>& UpdatableActivityFields();

// ---- Who may do what -------------------------------------------------------

// Organisers: administrators, coordinators of the owning partnership, school
// educators of the owning school.
bool IsOrganiser(const auth::Principal& who, const Owner& owner);
absl::Status MayOrganise(const auth::Principal& who, const Owner& owner);

// The organisations (`organisations/{id}` scopes) of the caller's grants.
std::vector<std::string> OrganisationsOf(const auth::Principal& who);

// Managers who approve: HR or school educators of one of `organisations`
// (administrators too); never the participant themselves.
bool CanApprove(const auth::Principal& who, absl::string_view person_id,
                const std::vector<std::string>& organisations);
// The person, administrators, and HR or school educators of one of
// `organisations` (the organisations the person enrolled from). When none is
// known, anyone holding hr or school_educator somewhere sees the (empty)
// record.
bool CanReadRecord(const auth::Principal& who, absl::string_view person_id,
                   const std::vector<std::string>& organisations);
// Like CanReadRecord, plus coaches and integrations (the Induction service
// counting training-palette items).
bool CanCheckCompletions(const auth::Principal& who,
                         absl::string_view person_id,
                         const std::vector<std::string>& organisations);

// ---- Enrolment -------------------------------------------------------------

// What the enrolment rules need to know about an activity (read under its row
// lock).
struct ActivityFacts {
  std::string activity_id;
  Owner owner;
  std::vector<v1::Audience> audiences;
  absl::Time enrolment_open = absl::InfinitePast();
  absl::Time enrolment_close = absl::InfiniteFuture();
  absl::Time cancellation_deadline = absl::InfiniteFuture();
  absl::Time start = absl::InfinitePast();
  int capacity = 0;
  int enrolled = 0;
  int waitlisted = 0;
  int pending = 0;
  bool approval_required = false;
  std::string series_id;
  int series_cap = 0;
  int sessions = 0;
  int required_sessions = 0;
  int64_t hours_centis = 0;
  // The arrival number the next enrolment request gets (FIFO order).
  int64_t next_arrival = 1;
  std::string title;
  v1::ActivityKind kind = v1::ACTIVITY_KIND_UNSPECIFIED;
};

// Pending, waitlisted and enrolled enrolments are active: they count for the
// series cap and block a second enrolment.
bool IsActive(State state);

// FAILED_PRECONDITION (reason ENROLMENT_NOT_OPEN or ENROLMENT_CLOSED) outside
// [enrolment_open, enrolment_close).
absl::Status CheckEnrolmentWindow(const ActivityFacts& a, absl::Time now);
// Whether one of the caller's roles matches one of `audiences` (empty: all).
bool AudienceMatches(const auth::Principal& who,
                     const std::vector<v1::Audience>& audiences);
// PERMISSION_DENIED (reason AUDIENCE_MISMATCH) when AudienceMatches is false.
absl::Status CheckAudience(const auth::Principal& who,
                           const std::vector<v1::Audience>& audiences);
// ALREADY_EXISTS (reason ALREADY_ENROLLED) when `existing` is active.
absl::Status CheckNotEnrolled(std::optional<State> existing);
// FAILED_PRECONDITION (reason SERIES_CAP_REACHED) when the person already has
// `active_in_series` active enrolments in other activities of the series.
absl::Status CheckSeriesCap(const ActivityFacts& a, int active_in_series);
// Where a new (or just approved) enrolment goes: PENDING_APPROVAL when
// approval is needed, else ENROLLED while places are free, else WAITLISTED.
State Placement(const ActivityFacts& a, bool needs_approval);
// Whether cancelling is allowed: only active enrolments; participants holding
// a place only before the cancellation deadline (reason
// CANCELLATION_DEADLINE_PASSED); organisers always.
absl::Status CheckCancellation(const ActivityFacts& a, State state,
                               bool by_organiser, absl::Time now);
// Only pending enrolments are approved or declined (reason NOT_PENDING).
absl::Status CheckPending(State state);

struct WaitlistEntry {
  int64_t arrival = 0;
  std::string person_id;
};
// Who gets the `free_places`: the waitlisted with the lowest arrival numbers,
// in that order.
std::vector<WaitlistEntry> ChoosePromotions(std::vector<WaitlistEntry> waitlist,
                                            int free_places);

// ---- Attendance, completion, feedback --------------------------------------

// Sessions needed to complete: `required` when set, else all.
int SessionsToComplete(int required, int total_sessions);
bool IsComplete(int attended, int required, int total_sessions);
// Attendance is recorded once the session has started (reason
// SESSION_NOT_STARTED).
absl::Status CheckAttendanceTime(absl::Time session_start, absl::Time now);
// Score 1 to 5, comment up to 2,000 characters; only after completion (reason
// NOT_COMPLETED).
absl::Status CheckFeedback(int score, absl::string_view comment,
                           bool completed);

// ---- Development record ----------------------------------------------------

struct RecordRow {
  std::string activity_id;
  std::string title;
  v1::ActivityKind kind = v1::ACTIVITY_KIND_UNSPECIFIED;
  std::string owner;
  int64_t hours_centis = 0;
  absl::Time completion_time;
};

// The record as the API shows it: entries newest first, totals per school
// year newest first.
v1::DevelopmentRecord BuildRecord(absl::string_view person_id,
                                  std::vector<RecordRow> rows);

// For each requested entry (an activity name or a title), whether the record
// holds it.
std::vector<v1::CompletionResult> MatchCompletions(
    const std::vector<std::string>& requested,
    const std::vector<RecordRow>& rows);

// ---- Paging ----------------------------------------------------------------

// 0 -> `fallback`, above `max` -> `max`, negative -> INVALID_ARGUMENT.
absl::StatusOr<int> PageSize(int32_t requested, int fallback, int max);

}  // namespace samen::professionalisation
