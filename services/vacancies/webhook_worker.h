#pragma once

// Delivers webhooks: a few threads per replica claim due deliveries from the
// outbox (WebhookRepository::Claim), check the endpoint's address again, sign
// and send them, and record each attempt. Failures are retried on the
// schedule (with jitter); a 410 disables the endpoint. Wake() cuts the wait
// after a change; otherwise each thread polls.

#include <memory>
#include <vector>

#include "absl/time/time.h"
#include "services/common/clock.h"
#include "services/common/polling_threads.h"
#include "services/vacancies/webhook_repository.h"
#include "services/vacancies/webhook_url_policy.h"

namespace samen::vacancies {

struct WebhookWorkerOptions {
  int threads = 2;
  int batch = 8;
  absl::Duration poll_interval = absl::Seconds(1);
  absl::Duration request_timeout = absl::Seconds(10);
  std::vector<absl::Duration> retry_schedule;
  double jitter = 0.2;
  // "Now" for claiming due deliveries and stamping attempts (the schedule is
  // in the same time as the changes that wrote it); never null. Deadlines and
  // the signature's timestamp use the wall clock: the receiver checks it
  // against its own.
  const Clock* clock = nullptr;
};

class WebhookWorker {
 public:
  WebhookWorker(WebhookRepository* repository, const WebhookUrlPolicy* policy,
                WebhookWorkerOptions options);
  ~WebhookWorker();  // stops and joins the threads
  WebhookWorker(const WebhookWorker&) = delete;
  WebhookWorker& operator=(const WebhookWorker&) = delete;

  void Wake();

  // How long a claim lasts: longer than a whole batch of attempts can take.
  absl::Duration lease() const;

 private:
  // Claims and delivers one batch; returns how many were claimed.
  int RunOnce();
  void Deliver(const ClaimedDelivery& delivery);

  WebhookRepository* repository_;
  const WebhookUrlPolicy* policy_;
  const WebhookWorkerOptions options_;
  PollingThreads threads_;  // last: starts after, stops before the rest
};

}  // namespace samen::vacancies
