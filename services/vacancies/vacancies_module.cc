#include "services/vacancies/vacancies_module.h"

#include <algorithm>
#include <functional>
#include <thread>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "services/common/call.h"
#include "services/common/config.h"
#include "services/common/executor.h"
#include "services/common/idempotency_store.h"
#include "services/common/logging.h"
#include "services/common/sql_time.h"
#include "services/vacancies/vacancies_handler.h"
#include "services/vacancies/vacancy_repository.h"
#include "services/vacancies/vacancy_watch.h"
#include "services/vacancies/webhook_repository.h"
#include "services/vacancies/webhook_rules.h"
#include "services/vacancies/webhook_secrets.h"
#include "services/vacancies/webhook_url_policy.h"
#include "services/vacancies/webhook_worker.h"

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
ABSL_FLAG(std::string, webhook_retry_schedule,
          samen::vacancies::kDefaultRetrySchedule,
          "Waits after each failed webhook attempt (about three days in all)");
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
ABSL_FLAG(absl::Duration, vacancy_watch_interval, absl::Seconds(1),
          "How often a replica with open WatchVacancies streams looks for "
          "vacancy changes made by other replicas");
ABSL_FLAG(absl::Duration, vacancy_watch_heartbeat, absl::Seconds(25),
          "An empty WatchVacancies message after this long without changes");
ABSL_FLAG(std::string, webhook_secret_key_file, "",
          "File holding the webhook secret key passphrase");

namespace samen::vacancies {
namespace {

// Runs `work` every `interval` on its own thread until destroyed.
class Periodic {
 public:
  Periodic(absl::Duration interval, std::function<void()> work)
      : interval_(interval),
        work_(std::move(work)),
        thread_([this] { Loop(); }) {}
  ~Periodic() {
    {
      absl::MutexLock lock(&mu_);
      stop_ = true;
    }
    thread_.join();
  }

 private:
  void Loop() {
    while (true) {
      {
        absl::MutexLock lock(&mu_);
        mu_.AwaitWithTimeout(absl::Condition(&stop_), interval_);
        if (stop_) {
          return;
        }
      }
      work_();
    }
  }

  const absl::Duration interval_;
  const std::function<void()> work_;
  absl::Mutex mu_;
  bool stop_ ABSL_GUARDED_BY(mu_) = false;
  std::thread thread_;
};

std::string SecretKeyFromFlags() {
  std::string key = absl::GetFlag(FLAGS_webhook_secret_key);
  if (key.empty()) {
    auto from_file =
        config::ReadSecretFile(absl::GetFlag(FLAGS_webhook_secret_key_file));
    if (!from_file.ok()) {
      log::Error("cannot read --webhook_secret_key_file",
                 {{"error", from_file.status().ToString()}});
    } else {
      key = *from_file;
    }
  }
  if (key.empty()) {
    log::Warning(
        "webhook secrets are stored unencrypted: set SAMEN_WEBHOOK_SECRET_KEY "
        "in "
        "production");
  }
  return key;
}

WebhookWorkerOptions WorkerOptionsFromFlags() {
  WebhookWorkerOptions options;
  options.threads = std::max(0, absl::GetFlag(FLAGS_webhook_workers));
  options.batch = std::max(1, absl::GetFlag(FLAGS_webhook_batch));
  options.poll_interval = absl::GetFlag(FLAGS_webhook_poll_interval);
  options.request_timeout = absl::GetFlag(FLAGS_webhook_timeout);
  auto schedule =
      ParseRetrySchedule(absl::GetFlag(FLAGS_webhook_retry_schedule));
  if (!schedule.ok()) {
    log::Error("--webhook_retry_schedule is invalid; using the default",
               {{"error", schedule.status().ToString()}});
    schedule = ParseRetrySchedule(kDefaultRetrySchedule);
  }
  options.retry_schedule = *std::move(schedule);
  return options;
}

VacancyWatchOptions WatchOptions() {
  VacancyWatchOptions options;
  options.poll_interval = std::max(absl::Milliseconds(50),
                                   absl::GetFlag(FLAGS_vacancy_watch_interval));
  options.heartbeat =
      std::max(absl::Seconds(1), absl::GetFlag(FLAGS_vacancy_watch_heartbeat));
  options.feed_retention = absl::GetFlag(FLAGS_vacancy_feed_retention);
  return options;
}

db::MysqlOptions BackgroundPoolOptions(const db::MysqlOptions& base, int size) {
  db::MysqlOptions options = base;
  options.pool_size = size;
  return options;
}

class VacanciesModule final : public ServiceModule {
 public:
  VacanciesModule(const db::MysqlOptions& mysql, const ModuleOptions& options)
      : pool_(mysql),
        executor_(mysql.pool_size, options.max_queue),
        runtime_(options.verifier, &executor_),
        idempotency_(&pool_),
        retention_(absl::GetFlag(FLAGS_vacancy_feed_retention)),
        worker_options_(WorkerOptionsFromFlags()),
        secrets_(SecretKeyFromFlags()),
        policy_(absl::GetFlag(FLAGS_webhooks_allow_private)),
        background_pool_(
            BackgroundPoolOptions(mysql, worker_options_.threads + 1)),
        webhooks_(&pool_, &secrets_),
        background_webhooks_(&background_pool_, &secrets_),
        repository_(&pool_, &webhooks_),
        background_repository_(&background_pool_, &background_webhooks_),
        handler_(&repository_, &webhooks_, &policy_, &runtime_,
                 VacanciesHandlerOptions{retention_}),
        watch_hub_(&repository_, &executor_, WatchOptions()),
        worker_(&background_webhooks_, &policy_, worker_options_),
        maintenance_(absl::GetFlag(FLAGS_vacancy_maintenance_interval),
                     [this] { Maintain(); }) {
    runtime_.set_idempotency_store(&idempotency_);
    handler_.set_on_change([this] {
      worker_.Wake();
      watch_hub_.Poke();
    });
    handler_.set_watch_hub(&watch_hub_);
  }

  std::string name() const override { return "vacancies"; }
  std::string grpc_service_name() const override {
    return v1::VacanciesService::service_full_name();
  }
  grpc::Service* service() override { return &handler_; }
  absl::Status CheckHealth(absl::Time deadline) override {
    return repository_.Ping(deadline);
  }
  // Ends open WatchVacancies streams (the server is stopping).
  void Drain() override { watch_hub_.Drain(); }

 private:
  // Stores expiry (feed rows and events included) and prunes the feed.
  void Maintain() {
    const absl::Time now = NowMicros();
    const absl::Time deadline = now + absl::Seconds(30);
    constexpr int kBatch = 100;
    int expired = 0;
    while (true) {
      auto n = background_repository_.ExpireDue(NowMicros(), kBatch, deadline);
      if (!n.ok()) {
        log::Warning("expiring vacancies failed",
                     {{"error", n.status().ToString()}});
        break;
      }
      expired += *n;
      if (*n < kBatch) {
        break;
      }
    }
    if (expired > 0) {
      log::Info("vacancies expired", {{"count", std::to_string(expired)}});
      worker_.Wake();
      watch_hub_.Poke();
    }
    auto pruned = background_repository_.PruneFeed(now - retention_, deadline);
    if (!pruned.ok()) {
      log::Warning("pruning the vacancy feed failed",
                   {{"error", pruned.status().ToString()}});
    } else if (*pruned > 0) {
      log::Info("vacancy feed pruned", {{"changes", std::to_string(*pruned)}});
    }
  }

  db::Pool pool_;
  Executor executor_;
  CallRuntime runtime_;
  MysqlIdempotencyStore idempotency_;
  const absl::Duration retention_;
  const WebhookWorkerOptions worker_options_;
  const SecretBox secrets_;
  const WebhookUrlPolicy policy_;
  db::Pool background_pool_;
  WebhookRepository webhooks_;
  WebhookRepository background_webhooks_;
  VacancyRepository repository_;
  VacancyRepository background_repository_;
  VacanciesHandler handler_;
  // Threads last: they stop before what they use goes away.
  VacancyWatchHub watch_hub_;
  WebhookWorker worker_;
  Periodic maintenance_;
};

}  // namespace

std::unique_ptr<ServiceModule> CreateVacanciesModule(
    const ModuleOptions& options) {
  // TEMPORARY (until the vacancy tables move): the tables are still in the
  // Partners database.
  db::MysqlOptions on_partners = options.mysql;
  on_partners.database =
      absl::StrCat(options.mysql.database.substr(
                       0, options.mysql.database.rfind("vacancies")),
                   "partners");
  return std::make_unique<VacanciesModule>(on_partners, options);
}

}  // namespace samen::vacancies
