#include "services/common/notify/notifier.h"

#include "services/common/logging.h"

namespace samen::notify {

Notifier::Notifier(db::Pool* pool, Peers* peers, const MailOptions& options,
                   MailTemplates templates, std::unique_ptr<Composer> composer)
    : options_(options),
      store_(pool),
      tokens_(options.credentials, peers),
      templates_(std::move(templates)),
      composer_(std::move(composer)) {}

absl::StatusOr<std::unique_ptr<Notifier>> Notifier::Create(
    std::string service, db::Pool* pool, Peers* peers,
    directory::Directory* directory, const Clock* clock,
    const MailOptions& options, const std::vector<EmbeddedFile>& templates,
    std::unique_ptr<Composer> composer) {
  auto loaded = MailTemplates::Load(templates);
  if (!loaded.ok()) {
    return loaded.status();
  }
  std::unique_ptr<Notifier> n(new Notifier(
      pool, peers, options, *std::move(loaded), std::move(composer)));
  if (!options.sending()) {
    log::Info("e-mail is not sent: no --smtp_url; messages wait in the outbox",
              {{"service", service}});
    return n;
  }
  if (!n->tokens_.configured()) {
    log::Warning(
        "e-mail cannot look up addresses: no service credential "
        "(--service_client_id); messages wait in the outbox",
        {{"service", service}});
    return n;
  }
  n->worker_ = std::make_unique<MailWorker>(
      std::move(service), &n->store_, directory, &n->tokens_, &n->templates_,
      n->composer_.get(), &n->options_, clock);
  return n;
}

absl::StatusOr<CallContext> Notifier::ServiceCall(absl::string_view what,
                                                  absl::Duration timeout) {
  return notify::ServiceCall(tokens_, what, timeout);
}

}  // namespace samen::notify
