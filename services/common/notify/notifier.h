#pragma once

// What a service module owns for its e-mail (docs/notifications.md): the
// outbox store, its templates (checked when the module starts), the service
// token the worker reads the directory with, and — when an SMTP server is
// configured — the MailWorker. Without --smtp_url messages are still written
// to the outbox (so nothing is lost) and wait until a replica with SMTP runs.

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "db/pool.h"
#include "services/common/clock.h"
#include "services/common/directory/directory.h"
#include "services/common/embedded_file.h"
#include "services/common/notify/mail_worker.h"
#include "services/common/peers.h"

namespace samen::notify {

class Notifier {
 public:
  // INVALID_ARGUMENT when a template is malformed.
  static absl::StatusOr<std::unique_ptr<Notifier>> Create(
      std::string service, db::Pool* pool, Peers* peers,
      directory::Directory* directory, const Clock* clock,
      const MailOptions& options, const std::vector<EmbeddedFile>& templates,
      std::unique_ptr<Composer> composer);

  // Something was enqueued: deliver it now rather than at the next poll.
  void Wake() {
    if (worker_ != nullptr) {
      worker_->Wake();
    }
  }

  const MailOptions& options() const { return options_; }
  OutboxStore* store() { return &store_; }

  // A call to another service as this service itself (the `service` role),
  // for background work such as the weekly digest; `timeout` from now.
  absl::StatusOr<CallContext> ServiceCall(absl::string_view what,
                                          absl::Duration timeout);

 private:
  Notifier(db::Pool* pool, Peers* peers, const MailOptions& options,
           MailTemplates templates, std::unique_ptr<Composer> composer);

  const MailOptions options_;
  OutboxStore store_;
  ServiceTokenSource tokens_;
  const MailTemplates templates_;
  std::unique_ptr<Composer> composer_;
  std::unique_ptr<MailWorker> worker_;  // last: stops first
};

}  // namespace samen::notify
