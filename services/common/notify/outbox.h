#pragma once

// A service's notification outbox (DESIGN decision 9): a message to a person
// is a row of `notification_outbox`, written in the same transaction as the
// change it reports (Enqueue), so a change and its messages commit or roll
// back together; MailWorker delivers the rows from any replica and records
// every attempt in `notification_attempts`, the delivery log.
//
// States: PENDING (waiting or leased), SENT, FAILED (refused, or retries used
// up), SKIPPED (nothing to send: no address, the person switched the kind
// off, the session has passed), WITHDRAWN (superseded before it was sent, such
// as the reminder of a rescheduled session).

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "cppconn/connection.h"
#include "db/pool.h"

namespace samen::notify {

enum class OutboxState {
  kPending = 1,
  kSent = 2,
  kFailed = 3,
  kSkipped = 4,
  kWithdrawn = 5
};

struct Notification {
  // One message per key, ever: enqueueing a key again changes nothing, which
  // is what makes a retried request or a second replica send nothing twice
  // ("enrolment/ab12/promoted/77/people/noor").
  std::string key;
  std::string kind;          // "booking_confirmed"; names the template
  std::string recipient_id;  // person id
  std::string payload;       // JSON: what the message is about
  absl::Time send_at;        // not before (reminders); now for the rest
  // Messages withdrawn together ("reminder/bookings/b1"); may be empty.
  std::string topic;
};

// In the caller's transaction, one statement for the whole batch; a key
// already in the outbox is left as it is.
void Enqueue(sql::Connection& c, const std::vector<Notification>& batch,
             absl::Time now);

// In the caller's transaction: withdraws the pending messages of `topic` (a
// rescheduled or cancelled session's reminders); how many.
int Withdraw(sql::Connection& c, absl::string_view topic, absl::Time now);

// `result` of a change that may have enqueued messages, after calling `wake`
// (the mail worker's Wake) when it committed; `wake` may be empty.
template <typename T>
absl::StatusOr<T> WakeAfter(absl::StatusOr<T> result,
                            const std::function<void()>& wake) {
  if (result.ok() && wake) {
    wake();
  }
  return result;
}

// A row a worker holds the lease of.
struct ClaimedNotification {
  int64_t id = 0;
  std::string key;
  std::string kind;
  std::string recipient_id;
  std::string payload;
  int attempts = 0;
  absl::Time create_time;
  std::string lease_token;
  // The previous worker's lease ran out while it held the row (it died or
  // hung mid-attempt); recorded in the delivery log as interrupted.
  bool interrupted = false;
};

enum class AttemptOutcome {
  kSent = 1,
  kRetry = 2,        // failed for now; a next attempt is scheduled
  kFailed = 3,       // refused, or the retries are used up
  kSkipped = 4,      // nothing to send
  kInterrupted = 5,  // a worker lost the row mid-attempt
};

struct Attempt {
  AttemptOutcome outcome = AttemptOutcome::kRetry;
  absl::Time time;
  absl::Duration duration;
  std::string detail;  // the server's answer or why it was not sent
  std::optional<absl::Time> next_attempt;  // with kRetry
};

// What the worker does with the rows, over the service's pool.
class OutboxStore {
 public:
  explicit OutboxStore(db::Pool* pool) : pool_(pool) {}

  // Leases up to `limit` due rows (SKIP LOCKED, so replicas take different
  // ones) until now + `lease`.
  absl::StatusOr<std::vector<ClaimedNotification>> Claim(absl::Time now,
                                                         int limit,
                                                         absl::Duration lease,
                                                         absl::Time deadline);
  // Extends the lease to now + `lease` just before sending; false when the
  // lease was lost (the row must not be sent).
  absl::StatusOr<bool> Hold(const ClaimedNotification& n, absl::Time now,
                            absl::Duration lease, absl::Time deadline);
  // Records `attempt` and ends the lease; false when the lease was lost.
  absl::StatusOr<bool> Complete(const ClaimedNotification& n,
                                const Attempt& attempt, absl::Time deadline);
  // Puts the row back, untried, until `until` (a reminder not due yet for
  // this person).
  absl::StatusOr<bool> Defer(const ClaimedNotification& n, absl::Time until,
                             absl::Time deadline);

  // Messages made outside a change (the weekly digest), in one transaction.
  absl::Status Add(const std::vector<Notification>& messages, absl::Time now,
                   absl::Time deadline);

  // A job that runs once per period across replicas (`notification_jobs`):
  // true when this caller now holds `period` of `job` until `lease_until`
  // (it was not claimed, or its holder's lease ran out before it was done).
  absl::StatusOr<bool> ClaimPeriod(const std::string& job,
                                   const std::string& period, absl::Time now,
                                   absl::Time lease_until, absl::Time deadline);
  absl::Status FinishPeriod(const std::string& job, const std::string& period,
                            absl::Time now, absl::Time deadline);

 private:
  db::Pool* pool_;
};

}  // namespace samen::notify
