#pragma once

// The Vacancies service as samen-server composes it: a ServiceCore over its
// database, the repositories, the VacanciesService handler, and the background
// work of each replica (expiry at the closing date, feed pruning, webhook
// deliveries, the watch hub). Destruction stops and joins the threads.

#include <memory>
#include <string>

#include "absl/time/time.h"
#include "services/common/server.h"
#include "services/vacancies/privacy_map.h"  // for services/server/

namespace samen::vacancies {

// What samen-server reads from its --vacancy_* and --webhook_* flags
// (services/server/vacancies_flags.cc).
struct VacanciesOptions {
  // How long feed changes are kept; older sync tokens are expired (HTTP 410).
  absl::Duration feed_retention = absl::Hours(24 * 30);
  // How often each replica stores expired vacancies and prunes the feed.
  absl::Duration maintenance_interval = absl::Seconds(10);
  // Development and tests only: http:// and private-address endpoints.
  bool allow_private_webhooks = false;
  // Waits after each failed attempt, e.g. "5s,5m,30m,2h,5h,10h,10h,24h,24h";
  // an invalid schedule is logged and the default used.
  std::string webhook_retry_schedule;
  int webhook_workers = 2;  // delivery threads per replica (0: none)
  int webhook_batch = 8;    // deliveries one thread claims at a time
  absl::Duration webhook_poll_interval = absl::Seconds(1);
  absl::Duration webhook_timeout = absl::Seconds(10);
  // Passphrase that seals webhook signing secrets at rest ("" leaves them
  // unsealed, with a warning).
  std::string webhook_secret_key;
  absl::Duration watch_interval = absl::Seconds(1);
  absl::Duration watch_heartbeat = absl::Seconds(25);
};

// Requests use the ServiceCore's pool; background work opens its own small
// pool with the same options so it never takes request capacity.
std::unique_ptr<ServiceModule> CreateVacanciesModule(
    const ModuleOptions& options, const VacanciesOptions& vacancies);

}  // namespace samen::vacancies
