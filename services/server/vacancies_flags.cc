#include "services/server/vacancies_flags.h"

#include <string>

#include "absl/flags/flag.h"
#include "absl/time/time.h"
#include "services/common/config.h"
#include "services/common/status_macros.h"

ABSL_FLAG(absl::Duration, vacancy_feed_retention, absl::Hours(24 * 30),
          "How long vacancy feed changes are kept; older sync tokens are "
          "expired (HTTP 410)");
ABSL_FLAG(
    absl::Duration, vacancy_maintenance_interval, absl::Seconds(10),
    "How often each replica stores expired vacancies and prunes the feed");
ABSL_FLAG(
    bool, webhooks_allow_private, false,
    "Development and tests only: allow http:// webhook endpoints and ones on "
    "private, loopback and link-local addresses");
ABSL_FLAG(std::string, webhook_retry_schedule, "",
          "Waits after each failed webhook attempt, comma-separated (empty: "
          "the default, about three days in all)");
ABSL_FLAG(
    int, webhook_workers, 2,
    "Webhook delivery threads per replica (0: this replica delivers nothing)");
ABSL_FLAG(int, webhook_batch, 8, "Deliveries one thread claims at a time");
ABSL_FLAG(absl::Duration, webhook_poll_interval, absl::Seconds(1),
          "How often idle delivery threads look for due deliveries");
ABSL_FLAG(absl::Duration, webhook_timeout, absl::Seconds(10),
          "Time one webhook request may take");
ABSL_FLAG(std::string, webhook_secret_key, "",
          "Passphrase that encrypts webhook signing secrets at rest (prefer "
          "SAMEN_WEBHOOK_SECRET_KEY or --webhook_secret_key_file)");
ABSL_FLAG(std::string, webhook_secret_key_file, "",
          "File holding the webhook secret key passphrase");
ABSL_FLAG(absl::Duration, vacancy_watch_interval, absl::Seconds(1),
          "How often a replica with open WatchVacancies streams looks for "
          "vacancy changes made by other replicas");
ABSL_FLAG(absl::Duration, vacancy_watch_heartbeat, absl::Seconds(25),
          "An empty WatchVacancies message after this long without changes");

namespace samen::server {

absl::StatusOr<vacancies::VacanciesOptions> VacanciesOptionsFromFlags() {
  vacancies::VacanciesOptions o;
  o.feed_retention = absl::GetFlag(FLAGS_vacancy_feed_retention);
  o.maintenance_interval = absl::GetFlag(FLAGS_vacancy_maintenance_interval);
  o.allow_private_webhooks = absl::GetFlag(FLAGS_webhooks_allow_private);
  o.webhook_retry_schedule = absl::GetFlag(FLAGS_webhook_retry_schedule);
  o.webhook_workers = absl::GetFlag(FLAGS_webhook_workers);
  o.webhook_batch = absl::GetFlag(FLAGS_webhook_batch);
  o.webhook_poll_interval = absl::GetFlag(FLAGS_webhook_poll_interval);
  o.webhook_timeout = absl::GetFlag(FLAGS_webhook_timeout);
  ASSIGN_OR_RETURN(o.webhook_secret_key,
                   config::SecretFromValueOrFile(
                       absl::GetFlag(FLAGS_webhook_secret_key),
                       absl::GetFlag(FLAGS_webhook_secret_key_file)));
  o.watch_interval = absl::GetFlag(FLAGS_vacancy_watch_interval);
  o.watch_heartbeat = absl::GetFlag(FLAGS_vacancy_watch_heartbeat);
  return o;
}

}  // namespace samen::server
