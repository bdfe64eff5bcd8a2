#pragma once

// The e-mail enrolment sends (docs/notifications.md): to a person promoted
// from the waitlist, to one whose enrolment was approved or declined, and to
// everyone enrolled, waiting or awaiting approval when an activity is
// cancelled. Each is transactional (it cannot be switched off) and sent once:
// the message key is the event's.

#include <vector>

#include "cppconn/connection.h"
#include "services/common/embedded_file.h"
#include "services/common/notify/mail_worker.h"
#include "services/professionalisation/enrolment_store.h"

namespace samen::professionalisation {

// In the events' transaction (store::AppendEvents): the messages `events`
// send.
void EnqueueEnrolmentMail(sql::Connection& c,
                          const std::vector<store::Event>& events);

// The e-mail templates of the service (services/professionalisation/mail/).
std::vector<EmbeddedFile> ProfessionalisationMailTemplates();

class ProfessionalisationComposer final : public notify::Composer {
 public:
  absl::StatusOr<notify::Composition> Compose(
      const notify::ClaimedNotification& n, const notify::Recipient& to,
      const notify::ComposeContext& ctx) override;
};

}  // namespace samen::professionalisation
