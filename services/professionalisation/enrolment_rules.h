#pragma once

// Pure decisions about enrolment: who may organise, approve and read, the
// enrolment rules (window, audience, series cap, placement, cancellation
// deadline, waitlist promotion order), attendance, completion, feedback and
// the development record. No I/O: unit-tested on its own.

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "samen/professionalisation/v1/professionalisation_service.pb.h"
#include "samen/professionalisation/v1/resources.pb.h"
#include "services/common/auth/auth.h"
#include "services/professionalisation/activity_rules.h"

namespace samen::professionalisation {

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
  bool cancelled = false;  // CancelActivity
};

// FAILED_PRECONDITION (reason ACTIVITY_CANCELLED) for a cancelled activity:
// it takes no enrolments and no changes.
absl::Status CheckNotCancelled(const ActivityFacts& a);

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

}  // namespace samen::professionalisation
