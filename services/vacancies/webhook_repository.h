#pragma once

// The SQL of webhooks: endpoints, the transactional outbox (ChangeSink: an
// event and one delivery per subscribed endpoint, written in the vacancy
// change's transaction), claiming due deliveries across replicas, and the
// delivery log.
//
// Claiming: `SELECT ... FOR UPDATE SKIP LOCKED` picks due pending deliveries
// that no other transaction holds; the same transaction moves their
// next_attempt_time past a lease and stamps a random lease token, then
// commits. No other worker sees them as due until the lease ends, and the
// result is written only under the same lease token, so two replicas never
// send one delivery at the same time (as long as an attempt ends within the
// lease, which is sized from the request timeout).

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "db/pool.h"
#include "samen/vacancies/v1/vacancies.pb.h"
#include "services/vacancies/resource.h"
#include "services/vacancies/vacancy_repository.h"
#include "services/vacancies/webhook_secrets.h"

namespace samen::vacancies {

struct EndpointRecord {
  v1::WebhookEndpoint endpoint;  // secret empty
  std::string owner;
};

// What a mutation may change besides the resource fields.
struct EndpointChange {
  std::optional<std::string> new_secret;  // plain; sealed by the repository
};

struct ClaimedDelivery {
  int64_t id = 0;
  std::string event_id;
  std::string event_type;
  std::string payload;
  std::string endpoint_id;
  std::string url;
  std::string secret;  // opened; empty when it did not open
  bool endpoint_enabled = false;
  int attempts = 0;  // before this one
  std::string lease_token;
};

// How one attempt ended, for the log and the delivery's next state.
struct AttemptRecord {
  absl::Time time;
  absl::Duration duration;
  int http_status = 0;
  std::string error;
  v1::WebhookDeliveryAttempt::Outcome outcome =
      v1::WebhookDeliveryAttempt::FAILED;
  // When to try again; nullopt: no more attempts (delivered, gone, or failed
  // for good).
  std::optional<absl::Time> next_attempt;
};

class WebhookRepository final : public ChangeSink {
 public:
  WebhookRepository(db::Pool* pool, const SecretBox* secrets)
      : pool_(pool), secrets_(secrets) {}

  // ChangeSink: the outbox.
  absl::Status OnVacancyChange(sql::Connection& c, ChangeKind kind,
                               const std::string& vacancy_name,
                               absl::Time now) override;

  absl::StatusOr<v1::WebhookEndpoint> CreateEndpoint(
      const std::string& owner, const std::string& id,
      const v1::WebhookEndpoint& endpoint, const std::string& secret,
      absl::Time now, absl::Time deadline);
  absl::StatusOr<EndpointRecord> GetEndpoint(const std::string& id,
                                             absl::Time deadline);
  absl::StatusOr<Page<v1::WebhookEndpoint>> ListEndpoints(
      const std::string& owner, const std::string& after, int limit,
      absl::Time deadline);
  // `mutate` sees the stored record (after the row lock) and edits it.
  absl::StatusOr<v1::WebhookEndpoint> UpdateEndpoint(
      const std::string& id, const std::string& etag,
      const std::function<absl::Status(EndpointRecord*, EndpointChange*)>&
          mutate,
      absl::Time now, absl::Time deadline);
  // Deletes the endpoint and cancels its pending deliveries.
  absl::Status DeleteEndpoint(
      const std::string& id, const std::string& etag,
      const std::function<absl::Status(const EndpointRecord&)>& authorize,
      absl::Time now, absl::Time deadline);
  // The delivery log, newest first; `before` is an attempt id (0: from the
  // newest).
  absl::StatusOr<Page<v1::WebhookDeliveryAttempt>> ListAttempts(
      const std::string& endpoint_id, int64_t before, int limit,
      absl::Time deadline);

  // Claims up to `limit` due deliveries for `lease`.
  absl::StatusOr<std::vector<ClaimedDelivery>> Claim(absl::Time now, int limit,
                                                     absl::Duration lease,
                                                     absl::Time deadline);
  // Logs the attempt and moves the delivery on (delivered, retry, failed); a
  // 410 also disables the endpoint and cancels its other pending deliveries.
  // Returns false when the lease was lost (nothing written).
  absl::StatusOr<bool> Complete(const ClaimedDelivery& delivery,
                                const AttemptRecord& attempt,
                                absl::Time deadline);
  // Cancels a claimed delivery whose endpoint is gone or disabled.
  absl::Status Cancel(const ClaimedDelivery& delivery, absl::Time now,
                      absl::Time deadline);

 private:
  db::Pool* pool_;
  const SecretBox* secrets_;
};

}  // namespace samen::vacancies
