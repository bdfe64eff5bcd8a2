#pragma once

// Delivers a service's notification outbox (outbox.h) by e-mail: threads that
// lease due rows (any replica may run them), find the person's address,
// language and preferences in the Partners directory (with the service's own
// token), let the service compose the message, render its templates, send it
// over SMTP and record the attempt. Failures are retried on a schedule with
// jitter; a refusal (5xx) or used-up retries fail the message; the API never
// waits for any of it.
//
// Sending twice is avoided by the lease: a row is sent only by the worker
// that holds it, and the lease is renewed (Hold) just before each send for
// longer than the send may take. A worker killed mid-send leaves the row
// leased until it runs out; the next worker records the attempt as
// interrupted and sends it, with the same Message-ID. (The one gap SMTP leaves
// open — killed after the server's "250" and before the row is marked — is
// milliseconds wide; docs/notifications.md.)

#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "services/common/call.h"
#include "services/common/clock.h"
#include "services/common/directory/directory.h"
#include "services/common/notify/mail.h"
#include "services/common/notify/outbox.h"
#include "services/common/notify/service_token.h"
#include "services/common/notify/smtp_sender.h"
#include "services/common/notify/templates.h"

namespace samen::notify {

// Quiet hours in Europe/Amsterdam, [start, end) minutes after midnight;
// start > end wraps midnight (21:00-07:00). start == end: none.
struct QuietHours {
  int start_minute = 21 * 60;
  int end_minute = 7 * 60;
};

// Samen's mail settings (samen-server's --smtp_* and --mail_* flags).
struct MailOptions {
  SmtpOptions smtp;  // smtp.url empty: messages are kept, not sent
  Address from;
  std::string app_url;  // "https://samen.example", for links in messages
  int threads = 2;
  int batch = 20;
  absl::Duration poll_interval = absl::Seconds(2);
  std::vector<absl::Duration> retry_schedule;  // see retry_schedule.h
  double jitter = 0.2;
  QuietHours quiet_hours;
  // How often each replica checks whether the weekly HR digest is due.
  absl::Duration digest_check_interval = absl::Minutes(5);
  ServiceCredentials credentials;
  bool sending() const { return !smtp.url.empty(); }
};

struct Recipient {
  std::string person_id;
  Address address;
  directory::NotificationSettings settings;
};

// What a service makes of one of its messages.
struct Composition {
  // Not yet: put the row back until then (a reminder for this person's
  // lead time), untried.
  std::optional<absl::Time> defer_until;
  std::string kind;  // the template; the row's kind when empty
  TemplateData data;
  // Transactional messages (confirmations, changes, promotions) cannot be
  // switched off and carry no unsubscribe link.
  bool transactional = true;
  std::optional<CalendarPart> calendar;
};

struct ComposeContext {
  directory::Directory* directory;
  const CallContext* call;  // the service token, with a deadline
  absl::Time now;
  const MailOptions* options;
};

class Composer {
 public:
  virtual ~Composer() = default;
  // FAILED_PRECONDITION with the reason when nothing is to be sent (the
  // person switched this kind off, the session has passed); UNAVAILABLE and
  // other errors are retried.
  virtual absl::StatusOr<Composition> Compose(const ClaimedNotification& n,
                                              const Recipient& to,
                                              const ComposeContext& ctx) = 0;
};

class MailWorker {
 public:
  // Starts options.threads threads; all pointers must outlive the worker.
  MailWorker(std::string service, OutboxStore* store,
             directory::Directory* directory, ServiceTokenSource* tokens,
             const MailTemplates* templates, Composer* composer,
             const MailOptions* options, const Clock* clock);
  ~MailWorker();

  // Something was enqueued: look now instead of at the next poll.
  void Wake();

  // Claims and delivers one batch on the calling thread; how many rows it
  // claimed. (The threads call this; tests may too.)
  int RunOnce(SmtpSender& sender);

 private:
  void Loop();
  void Deliver(SmtpSender& sender, const ClaimedNotification& n);
  absl::StatusOr<Recipient> FindRecipient(const CallContext& call,
                                          const std::string& person_id);
  Attempt Send(SmtpSender& sender, const ClaimedNotification& n,
               const Recipient& to, const Composition& c);
  void Finish(const ClaimedNotification& n, Attempt attempt);
  absl::Duration lease() const;

  const std::string service_;
  OutboxStore* const store_;
  directory::Directory* const directory_;
  ServiceTokenSource* const tokens_;
  const MailTemplates* const templates_;
  Composer* const composer_;
  const MailOptions* const options_;
  const Clock* const clock_;
  absl::Mutex mu_;
  bool stop_ ABSL_GUARDED_BY(mu_) = false;
  int64_t wakeups_ ABSL_GUARDED_BY(mu_) = 0;
  std::vector<std::thread> threads_;
};

// The time a reminder `lead` before `start` is sent: moved out of the quiet
// hours to their start (the evening before) — or, when that is before
// `booked`, to their end when that is still an hour before `start`; nullopt
// when no reminder fits (booked within the lead, or the session is in the
// night). Pure.
std::optional<absl::Time> ReminderTime(absl::Time start, absl::Time booked,
                                       absl::Duration lead,
                                       const QuietHours& quiet);

// "21:00-07:00" -> QuietHours; "" or "none" -> no quiet hours.
absl::StatusOr<QuietHours> ParseQuietHours(absl::string_view text);

}  // namespace samen::notify
