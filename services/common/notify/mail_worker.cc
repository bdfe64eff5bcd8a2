#include "services/common/notify/mail_worker.h"

#include "absl/strings/str_cat.h"
#include "services/common/logging.h"
#include "services/common/retry_schedule.h"

namespace samen::notify {
namespace {

Attempt Outcome(AttemptOutcome outcome, absl::Time time, std::string detail) {
  Attempt a;
  a.outcome = outcome;
  a.time = time;
  a.detail = std::move(detail);
  return a;
}

std::vector<std::unique_ptr<SmtpSender>> Senders(const MailOptions& options) {
  std::vector<std::unique_ptr<SmtpSender>> out;
  for (int i = 0; i < options.threads; ++i) {
    out.push_back(std::make_unique<SmtpSender>(options.smtp));
  }
  return out;
}

}  // namespace

MailWorker::MailWorker(std::string service, OutboxStore* store,
                       directory::Directory* directory,
                       ServiceTokenSource* tokens,
                       const MailTemplates* templates, Composer* composer,
                       const MailOptions* options, const Clock* clock)
    : service_(std::move(service)),
      store_(store),
      directory_(directory),
      tokens_(tokens),
      templates_(templates),
      composer_(composer),
      options_(options),
      clock_(clock),
      senders_(Senders(*options)),
      threads_(options->threads, options->batch, options->poll_interval,
               [this](int i) { return RunOnce(*senders_[i]); }) {}

MailWorker::~MailWorker() = default;

void MailWorker::Wake() { threads_.Wake(); }

absl::Duration MailWorker::lease() const {
  // Long enough for the directory look-ups and one send. A batch is claimed
  // for this long too: rows the worker has not reached when it runs out may
  // be claimed by another worker, and then this one's Hold fails and it
  // leaves them (so a slow batch is shared, never sent twice).
  return options_->smtp.timeout + absl::Seconds(10);
}

int MailWorker::RunOnce(SmtpSender& sender) {
  auto claimed = store_->Claim(clock_->Now(), options_->batch, lease(),
                               absl::Now() + absl::Seconds(10));
  if (!claimed.ok()) {
    log::Warning(
        "claiming notifications failed",
        {{"service", service_}, {"error", claimed.status().ToString()}});
    return 0;
  }
  for (const ClaimedNotification& n : *claimed) {
    Deliver(sender, n);
  }
  return static_cast<int>(claimed->size());
}

absl::StatusOr<Recipient> MailWorker::FindRecipient(
    const CallContext& call, const std::string& person_id) {
  auto person = directory_->GetPerson(call, person_id);
  if (!person.ok()) {
    return person.status();
  }
  auto settings = directory_->GetNotificationSettings(call, person_id);
  if (!settings.ok()) {
    return settings.status();
  }
  Recipient r;
  r.person_id = person_id;
  r.address = {person->email, person->display_name};
  r.settings = *std::move(settings);
  return r;
}

void MailWorker::Deliver(SmtpSender& sender, const ClaimedNotification& n) {
  const absl::Time now = clock_->Now();
  auto service_call =
      ServiceCall(*tokens_, absl::StrCat("notification-", service_, "-", n.id),
                  absl::Seconds(10));
  if (!service_call.ok()) {
    Finish(n, Outcome(AttemptOutcome::kRetry, now,
                      std::string(service_call.status().message())));
    return;
  }
  const CallContext& call = *service_call;
  auto to = FindRecipient(call, n.recipient_id);
  if (!to.ok()) {
    Finish(n, Outcome(absl::IsNotFound(to.status()) ? AttemptOutcome::kSkipped
                                                    : AttemptOutcome::kRetry,
                      now, std::string(to.status().message())));
    return;
  }
  if (auto usable = CheckAddress(to->address.email); !usable.ok()) {
    Finish(n, Outcome(AttemptOutcome::kSkipped, now,
                      std::string(usable.message())));
    return;
  }
  ComposeContext ctx{directory_, &call, now, options_};
  auto composed = composer_->Compose(n, *to, ctx);
  if (!composed.ok()) {
    Finish(n, Outcome(absl::IsFailedPrecondition(composed.status())
                          ? AttemptOutcome::kSkipped
                          : AttemptOutcome::kRetry,
                      now, std::string(composed.status().message())));
    return;
  }
  if (composed->defer_until.has_value()) {
    if (auto s = store_->Defer(n, *composed->defer_until,
                               absl::Now() + absl::Seconds(10));
        !s.ok()) {
      log::Warning("deferring a notification failed",
                   {{"service", service_}, {"error", s.status().ToString()}});
    }
    return;
  }
  auto held =
      store_->Hold(n, clock_->Now(), lease(), absl::Now() + absl::Seconds(10));
  if (!held.ok() || !*held) {
    return;  // another worker has it now, or the database is away: not sent
  }
  Finish(n, Send(sender, n, *to, *composed));
}

Attempt MailWorker::Send(SmtpSender& sender, const ClaimedNotification& n,
                         const Recipient& to, const Composition& c) {
  const absl::Time now = clock_->Now();
  if (!options_->sending()) {
    Attempt a = Outcome(AttemptOutcome::kRetry, now,
                        "no SMTP server configured (--smtp_url)");
    a.next_attempt = now + absl::Hours(1);
    return a;
  }
  const std::string unsubscribe =
      c.transactional ? ""
                      : absl::StrCat(options_->app_url, "/account/meldingen");
  auto rendered = templates_->Render(c.kind.empty() ? n.kind : c.kind,
                                     to.settings.language, c.data, unsubscribe);
  if (!rendered.ok()) {
    return Outcome(AttemptOutcome::kFailed, now,
                   std::string(rendered.status().message()));
  }
  Mail mail;
  mail.from = options_->from;
  mail.to = to.address;
  mail.subject = rendered->subject;
  mail.text = rendered->text;
  mail.html = rendered->html;
  mail.calendar = c.calendar;
  mail.date = now;
  mail.unsubscribe_url = unsubscribe;
  mail.message_id = absl::StrCat("<", service_, ".", n.id, ".",
                                 absl::ToUnixMicros(n.create_time), "@",
                                 DomainOf(options_->from), ">");
  const SendResult sent = sender.Send(mail);
  Attempt a;
  a.time = now;
  a.duration = sent.duration;
  a.detail = sent.detail;
  switch (sent.outcome) {
    case SendResult::Outcome::kSent:
      a.outcome = AttemptOutcome::kSent;
      break;
    case SendResult::Outcome::kRefused:
      a.outcome = AttemptOutcome::kFailed;
      break;
    case SendResult::Outcome::kRetry:
      a.outcome = AttemptOutcome::kRetry;  // Finish schedules the next one
      break;
  }
  return a;
}

void MailWorker::Finish(const ClaimedNotification& n, Attempt attempt) {
  if (attempt.outcome == AttemptOutcome::kRetry &&
      !attempt.next_attempt.has_value()) {
    if (auto delay = JitteredRetryDelay(options_->retry_schedule,
                                        n.attempts + 1, options_->jitter);
        delay.has_value()) {
      attempt.next_attempt = attempt.time + attempt.duration + *delay;
    }
  }
  auto done = store_->Complete(n, attempt, absl::Now() + absl::Seconds(10));
  if (!done.ok()) {
    log::Warning("recording a notification attempt failed",
                 {{"service", service_},
                  {"notification", absl::StrCat(n.id)},
                  {"error", done.status().ToString()}});
  } else if (!*done) {
    log::Warning("notification lease lost before the attempt was recorded",
                 {{"service", service_}, {"notification", absl::StrCat(n.id)}});
  }
}

}  // namespace samen::notify
