#pragma once

// The e-mail a coaching booking sends (docs/notifications.md): to the starter
// and the coach when it is confirmed, rescheduled or cancelled, each with an
// iCalendar invitation (METHOD:REQUEST, or CANCEL; the booking's stable UID
// and SEQUENCE; ORGANIZER the coach), so Outlook and Google put the session in
// the calendar and move or remove it on a change; and a reminder before it
// (the person's lead, 24 h by default, outside quiet hours), which the person
// may switch off.

#include <functional>
#include <string>

#include "absl/time/time.h"
#include "cppconn/connection.h"
#include "services/common/notify/mail_worker.h"
#include "services/induction/induction_repository.h"

namespace samen::induction {

enum class BookingChange { kConfirmed, kRescheduled, kCancelled };

// In the booking's transaction: the messages `change` of `record` sends, and
// its reminders (withdrawn on a reschedule or a cancellation and, for a
// booking that still stands, enqueued for its new time). `mail_starter`
// false: only the coach's messages (the starter is being erased).
void EnqueueBookingMail(sql::Connection& c, const BookingRecord& record,
                        BookingChange change, absl::Time now,
                        bool mail_starter = true);

// The e-mail templates of the Induction service (services/induction/mail/).
std::vector<EmbeddedFile> InductionMailTemplates();

class InductionComposer final : public notify::Composer {
 public:
  absl::StatusOr<notify::Composition> Compose(
      const notify::ClaimedNotification& n, const notify::Recipient& to,
      const notify::ComposeContext& ctx) override;
};

}  // namespace samen::induction
