#pragma once

// The enrolment bookkeeping the activity, enrolment and attendance
// repositories share (not part of the repository's interface): the activity's
// facts and counters under its row lock, reading enrolments and attendance,
// the waitlist promotion and the event log. Functions here may throw
// sql::SQLException (turned into a status by db::RunInTransaction).

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "cppconn/connection.h"
#include "cppconn/resultset.h"
#include "samen/professionalisation/v1/resources.pb.h"
#include "services/professionalisation/enrolment_rules.h"

namespace samen::professionalisation::store {

// The activity's facts; with `lock`, under its row lock (SELECT ... FOR
// UPDATE). NOT_FOUND when it does not exist.
absl::StatusOr<ActivityFacts> LoadFacts(sql::Connection& c,
                                        const std::string& activity_id,
                                        bool lock);
// Writes enrolled, waitlisted and pending counts from `facts`.
void WriteCounters(sql::Connection& c, const ActivityFacts& facts);

// The enrolment with its waitlist position and attended sessions, or nullopt.
std::optional<v1::Enrolment> LoadEnrolment(sql::Connection& c,
                                           const std::string& activity_id,
                                           const std::string& person_id);
// Reads the enrolment columns (EnrolmentColumns) of the current row.
v1::Enrolment ReadEnrolment(sql::ResultSet& rs);
// Selected columns for ReadEnrolment, with `e` as the enrolments alias.
extern const char kEnrolmentColumns[];
// Fills attended_sessions of `items` (all of one activity or not) in one query.
void LoadAttendance(sql::Connection& c, std::vector<v1::Enrolment*> items);
// Position on the waitlist of the waitlisted enrolment with `arrival`
// (1-based).
int WaitlistPosition(sql::Connection& c, const std::string& activity_id,
                     int64_t arrival);

struct Event {
  std::string activity_id;
  std::string person_id;
  v1::EnrolmentEvent::Kind kind = v1::EnrolmentEvent::KIND_UNSPECIFIED;
  State previous = v1::Enrolment::STATE_UNSPECIFIED;
  State state = v1::Enrolment::STATE_UNSPECIFIED;
  int waitlist_position = 0;
  int enrolled = 0;
  int waitlisted = 0;
  std::string actor_id;
  absl::Time time;
  // What a manager wrote with a decline or a cancellation, for the message.
  std::string note;
  // A CANCELLED event because the whole activity was cancelled.
  bool activity_cancelled = false;
};
// An event for `person_id` after a change, with the activity's counts.
Event MakeEvent(const ActivityFacts& facts, const std::string& person_id,
                v1::EnrolmentEvent::Kind kind, State previous, State state,
                const std::string& actor_id, absl::Time now);

// Sets the state of an enrolment (and its state_time, promoted flag, note).
void SetState(sql::Connection& c, const std::string& activity_id,
              const std::string& person_id, State state, bool promoted,
              const std::string* note, absl::Time now);
// Moves the first waitlisted (lowest arrival) into the free places, updating
// `facts` and adding PROMOTED events.
void PromoteFromWaitlist(sql::Connection& c, ActivityFacts* facts,
                         const std::string& actor_id, absl::Time now,
                         std::vector<Event>* events);
// Takes back a completion: the record entry goes, the enrolment is no longer
// completed.
void RemoveCompletion(sql::Connection& c, const std::string& activity_id,
                      const std::string& person_id);
// Appends `events` under the sequence lock, with the e-mail they send
// (enrolment_mail.h); call last in the transaction.
void AppendEvents(sql::Connection& c, const std::vector<Event>& events);

}  // namespace samen::professionalisation::store
