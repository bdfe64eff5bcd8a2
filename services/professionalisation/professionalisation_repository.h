#pragma once

// The Professionalisation service's SQL, and the only place with it. Every
// method runs in one transaction (or one autocommit read) on the service's own
// database and honours the deadline.
//
// Every change to an activity's enrolments (enrol, cancel, approve, decline,
// attendance, a capacity change) first locks the activity row (SELECT ... FOR
// UPDATE) and writes the activity's counters in the same transaction: capacity
// and the waitlist order hold across replicas. Decisions that need the locked
// state come in as callbacks from the handler (built from the pure rules).
// Each change appends to enrolment_events in the same transaction.

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "db/pool.h"
#include "samen/professionalisation/v1/resources.pb.h"
#include "services/common/resource/page.h"
#include "services/professionalisation/enrolment_rules.h"

namespace samen::professionalisation {

using resource::Page;  // a page of a listing: items and the next key

struct ActivityFilter {
  v1::Audience audience = v1::AUDIENCE_UNSPECIFIED;
  v1::ActivityKind kind = v1::ACTIVITY_KIND_UNSPECIFIED;
  int sector = 0;
  std::string theme;
  std::string owner;        // resource name
  std::string location_id;  // organisation id
  std::string city;
  TimeRange range;
  std::string query;
  bool only_with_free_places = false;
};

struct EnrolmentFilter {
  std::string activity_id;  // empty: every activity
  std::string person_id;
  std::string organisation;  // resource name
  State state = v1::Enrolment::STATE_UNSPECIFIED;
};

// Who enrols, as the handler established it.
struct Enrollee {
  std::string person_id;
  std::string display_name;
  std::vector<std::string> organisations;
  std::string actor_id;  // the caller
};

// What an enrolment decision sees, read under the activity's row lock.
struct EnrolContext {
  ActivityFacts activity;
  std::optional<State> existing;  // the person's current row, if any
  int active_in_series = 0;       // in other activities of the series
};
using EnrolDecision = std::function<absl::StatusOr<State>(const EnrolContext&)>;
// Checks a change to an existing enrolment (authorisation, deadline).
using EnrolmentCheck =
    std::function<absl::Status(const ActivityFacts&, const v1::Enrolment&)>;
using ActivityMutation = std::function<absl::Status(v1::Activity*)>;

class ProfessionalisationRepository {
 public:
  explicit ProfessionalisationRepository(db::Pool* pool) : pool_(pool) {}

  absl::Status Ping(absl::Time deadline);

  // Activities (activity_repository.cc).
  absl::StatusOr<v1::Activity> GetActivity(const std::string& id,
                                           absl::Time deadline);
  absl::StatusOr<Page<v1::Activity>> ListActivities(const ActivityFilter& f,
                                                    const std::string& after,
                                                    int limit,
                                                    absl::Time deadline);
  // `activity` is validated and resolved (session times, location names).
  absl::StatusOr<v1::Activity> CreateActivity(const std::string& id,
                                              const v1::Activity& activity,
                                              absl::Time now,
                                              absl::Time deadline);
  // `mutate` runs under the row lock after the etag check; a larger capacity
  // promotes from the waitlist in the same transaction.
  absl::StatusOr<v1::Activity> UpdateActivity(const std::string& id,
                                              const std::string& etag,
                                              const ActivityMutation& mutate,
                                              const std::string& actor_id,
                                              absl::Time now,
                                              absl::Time deadline);
  absl::Status DeleteActivity(const std::string& id, const std::string& etag,
                              absl::Time deadline);
  // Cancels the activity and every active enrolment in it, with `reason`
  // for the e-mail each participant gets (activity_cancellation.cc).
  absl::StatusOr<v1::Activity> CancelActivity(
      const std::string& id, const std::string& etag, const std::string& reason,
      const std::string& actor_id, absl::Time now, absl::Time deadline);
  // The activity's facts without a lock (authorisation before a read).
  absl::StatusOr<ActivityFacts> GetFacts(const std::string& id,
                                         absl::Time deadline);

  // Enrolments (enrolment_repository.cc).
  absl::StatusOr<v1::Enrolment> Enrol(const std::string& activity_id,
                                      const Enrollee& who,
                                      const EnrolDecision& decide,
                                      absl::Time now, absl::Time deadline);
  absl::StatusOr<v1::Enrolment> Cancel(const EnrolmentName& name,
                                       const EnrolmentCheck& check,
                                       const std::string& note,
                                       const std::string& actor_id,
                                       absl::Time now, absl::Time deadline);
  // Approves (a place or the waitlist) or declines a pending enrolment.
  absl::StatusOr<v1::Enrolment> Decide(const EnrolmentName& name, bool approve,
                                       const EnrolmentCheck& check,
                                       const std::string& note,
                                       const std::string& actor_id,
                                       absl::Time now, absl::Time deadline);
  absl::StatusOr<v1::Enrolment> GetEnrolment(const EnrolmentName& name,
                                             absl::Time deadline);
  // Ordered by activity id, then arrival.
  absl::StatusOr<Page<v1::Enrolment>> ListEnrolments(const EnrolmentFilter& f,
                                                     const std::string& after,
                                                     int limit,
                                                     absl::Time deadline);

  // Attendance, records, feedback, events (attendance_repository.cc).
  // `check` runs under the lock with the session's start.
  absl::StatusOr<std::vector<v1::Enrolment>> RecordAttendance(
      const SessionName& session, const std::vector<std::string>& attended,
      const std::vector<std::string>& absent,
      const std::function<absl::Status(const ActivityFacts&, absl::Time)>&
          check,
      const std::string& actor_id, absl::Time now, absl::Time deadline);
  // The participants holding a place, in arrival order, with attendance.
  absl::StatusOr<std::vector<v1::Enrolment>> Participants(
      const std::string& activity_id, absl::Time deadline);
  // The person's completions and the organisations they enrolled from.
  struct PersonRecord {
    std::vector<RecordRow> rows;
    std::vector<std::string> organisations;
  };
  absl::StatusOr<PersonRecord> GetRecord(const std::string& person_id,
                                         absl::Time deadline);
  absl::StatusOr<v1::Feedback> SubmitFeedback(
      const EnrolmentName& name, int score, const std::string& comment,
      const std::function<absl::Status(const v1::Enrolment&)>& check,
      absl::Time now, absl::Time deadline);
  absl::StatusOr<v1::FeedbackSummary> GetFeedbackSummary(
      const std::string& activity_id, absl::Time deadline);
  absl::StatusOr<std::vector<v1::EnrolmentEvent>> ListEvents(
      int64_t after, int limit, const std::string& activity_id,
      absl::Time deadline);

  // Called after a change that enqueued e-mail has committed (the module
  // wakes the mail worker).
  void set_mail_enqueued(std::function<void()> f) {
    mail_enqueued_ = std::move(f);
  }

 private:
  db::Pool* pool_;
  std::function<void()> mail_enqueued_;
};

}  // namespace samen::professionalisation
