#pragma once

// Pure decisions about activities: resource names, who organises (the owner),
// the calendar (Europe/Amsterdam) and what a valid activity is. No I/O:
// unit-tested on its own (tests/unit/professionalisation).

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

}  // namespace samen::professionalisation
