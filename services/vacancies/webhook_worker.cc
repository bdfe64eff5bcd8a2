#include "services/vacancies/webhook_worker.h"

#include "absl/strings/str_cat.h"
#include "db/sql_time.h"
#include "services/common/logging.h"
#include "services/common/timestamp.h"
#include "services/vacancies/webhook_rules.h"
#include "services/vacancies/webhook_sender.h"

namespace samen::vacancies {

namespace {

// The sender's one-time set-up, before any worker thread sends.
WebhookWorkerOptions Prepared(WebhookWorkerOptions options) {
  InitWebhookSender();
  return options;
}

}  // namespace

WebhookWorker::WebhookWorker(WebhookRepository* repository,
                             const WebhookUrlPolicy* policy,
                             WebhookWorkerOptions options)
    : repository_(repository),
      policy_(policy),
      options_(Prepared(std::move(options))),
      threads_(options_.threads, options_.batch, options_.poll_interval,
               [this](int) { return RunOnce(); }) {}

WebhookWorker::~WebhookWorker() = default;

void WebhookWorker::Wake() { threads_.Wake(); }

absl::Duration WebhookWorker::lease() const {
  return options_.request_timeout * (options_.batch + 1) + absl::Seconds(5);
}

int WebhookWorker::RunOnce() {
  auto claimed = repository_->Claim(options_.clock->Now(), options_.batch,
                                    lease(), absl::Now() + absl::Seconds(10));
  if (!claimed.ok()) {
    log::Warning("claiming webhook deliveries failed",
                 {{"error", claimed.status().ToString()}});
    return 0;
  }
  for (const ClaimedDelivery& d : *claimed) {
    Deliver(d);
  }
  return static_cast<int>(claimed->size());
}

void WebhookWorker::Deliver(const ClaimedDelivery& d) {
  const absl::Time deadline =
      absl::Now() + options_.request_timeout + absl::Seconds(10);
  if (!d.endpoint_enabled) {
    if (auto s = repository_->Cancel(d, options_.clock->Now(), deadline);
        !s.ok()) {
      log::Warning("cancelling a webhook delivery failed",
                   {{"error", s.ToString()}});
    }
    return;
  }
  AttemptRecord attempt;
  attempt.time = options_.clock->Now();
  auto key = SecretKey(d.secret);
  auto target = policy_->Check(d.url, "url");
  if (!key.ok()) {
    attempt.error =
        "the endpoint's secret cannot be read (is --webhook_secret_key right?)";
  } else if (!target.ok()) {
    attempt.error = absl::StrCat("refused: ", target.status().message());
  } else {
    WebhookRequest request;
    request.url = d.url;
    request.target = *target;
    request.id = d.event_id;
    request.timestamp = absl::ToUnixSeconds(absl::Now());
    request.body = d.payload;
    request.signature =
        SignWebhook(*key, request.id, request.timestamp, request.body);
    WebhookResponse response = SendWebhook(request, options_.request_timeout);
    attempt.http_status = response.http_status;
    attempt.error = response.error;
    attempt.duration = response.duration;
  }
  if (attempt.http_status >= 200 && attempt.http_status < 300) {
    attempt.outcome = v1::WebhookDeliveryAttempt::SUCCEEDED;
  } else if (attempt.http_status == 410) {
    attempt.outcome = v1::WebhookDeliveryAttempt::ENDPOINT_GONE;
  } else {
    attempt.outcome = v1::WebhookDeliveryAttempt::FAILED;
    if (auto delay = JitteredRetryDelay(options_.retry_schedule, d.attempts + 1,
                                        options_.jitter);
        delay.has_value()) {
      attempt.next_attempt = attempt.time + attempt.duration + *delay;
    }
  }
  auto done = repository_->Complete(d, attempt, deadline);
  if (!done.ok()) {
    // The lease runs out and the delivery is claimed again: at-least-once.
    log::Warning("recording a webhook attempt failed",
                 {{"delivery", absl::StrCat(d.id)},
                  {"error", done.status().ToString()}});
  } else if (!*done) {
    log::Warning("webhook lease lost before the attempt was recorded",
                 {{"delivery", absl::StrCat(d.id)}});
  }
  if (attempt.outcome == v1::WebhookDeliveryAttempt::ENDPOINT_GONE) {
    log::Info("webhook endpoint disabled: it answered 410",
              {{"endpoint", d.endpoint_id}});
  }
}

}  // namespace samen::vacancies
