#include "services/vacancies/vacancies_module.h"

#include <algorithm>
#include <functional>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "services/common/call.h"
#include "services/common/directory/directory.h"
#include "services/common/logging.h"
#include "services/common/peers.h"
#include "services/common/privacy/retention.h"
#include "services/common/service_core.h"
#include "services/vacancies/privacy_map.h"
#include "services/vacancies/vacancies_handler.h"
#include "services/vacancies/vacancy_repository.h"
#include "services/vacancies/vacancy_watch.h"
#include "services/vacancies/webhook_repository.h"
#include "services/vacancies/webhook_rules.h"
#include "services/vacancies/webhook_secrets.h"
#include "services/vacancies/webhook_url_policy.h"
#include "services/vacancies/webhook_worker.h"

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

void WarnIfUnsealed(const VacanciesOptions& o) {
  if (o.webhook_secret_key.empty()) {
    log::Warning(
        "webhook secrets are stored unencrypted: set SAMEN_WEBHOOK_SECRET_KEY "
        "in production");
  }
}

WebhookWorkerOptions WorkerOptions(const VacanciesOptions& o,
                                   const Clock* clock) {
  WebhookWorkerOptions options;
  options.threads = std::max(0, o.webhook_workers);
  options.batch = std::max(1, o.webhook_batch);
  options.poll_interval = o.webhook_poll_interval;
  options.request_timeout = o.webhook_timeout;
  auto schedule = ParseRetrySchedule(o.webhook_retry_schedule.empty()
                                         ? kDefaultRetrySchedule
                                         : o.webhook_retry_schedule);
  if (!schedule.ok()) {
    log::Error("--webhook_retry_schedule is invalid; using the default",
               {{"error", schedule.status().ToString()}});
    schedule = ParseRetrySchedule(kDefaultRetrySchedule);
  }
  options.retry_schedule = *std::move(schedule);
  options.clock = clock;
  return options;
}

VacancyWatchOptions WatchOptions(const VacanciesOptions& o,
                                 const Clock* clock) {
  VacancyWatchOptions options;
  options.poll_interval = std::max(absl::Milliseconds(50), o.watch_interval);
  options.heartbeat = std::max(absl::Seconds(1), o.watch_heartbeat);
  options.feed_retention = o.feed_retention;
  options.clock = clock;
  return options;
}

db::MysqlOptions BackgroundPoolOptions(const db::MysqlOptions& base, int size) {
  db::MysqlOptions options = base;
  options.pool_size = size;
  return options;
}

class VacanciesModule final : public ServiceModule {
 public:
  VacanciesModule(const ModuleOptions& options,
                  const VacanciesOptions& vacancies)
      : core_(options),
        clock_(options.clock),
        directory_(
            directory::NewGrpcDirectory(options.peers->Channel("partners"))),
        retention_(vacancies.feed_retention),
        worker_options_(WorkerOptions(vacancies, options.clock)),
        secrets_(vacancies.webhook_secret_key),
        policy_(vacancies.allow_private_webhooks),
        background_pool_(
            BackgroundPoolOptions(options.mysql, worker_options_.threads + 1)),
        webhooks_(core_.pool(), &secrets_),
        background_webhooks_(&background_pool_, &secrets_),
        repository_(core_.pool(), &webhooks_),
        background_repository_(&background_pool_, &background_webhooks_),
        handler_(&repository_, &webhooks_, &policy_, core_.runtime(),
                 VacanciesHandlerOptions{retention_, options.clock,
                                         directory_.get(), core_.pool()}),
        watch_hub_(&repository_, core_.executor(),
                   WatchOptions(vacancies, options.clock)),
        worker_(&background_webhooks_, &policy_, worker_options_),
        maintenance_(vacancies.maintenance_interval, [this] { Maintain(); }),
        retention_job_(privacy::StartRetention(core_.pool(), VacanciesDataMap(),
                                               options.clock,
                                               options.retention)) {
    WarnIfUnsealed(vacancies);
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
    return core_.CheckHealth(deadline);
  }
  // Ends open WatchVacancies streams (the server is stopping).
  void Drain() override { watch_hub_.Drain(); }

 private:
  // Stores expiry (feed rows and events included) and prunes the feed.
  void Maintain() {
    const absl::Time now = clock_->Now();
    const absl::Time deadline = now + absl::Seconds(30);
    constexpr int kBatch = 100;
    int expired = 0;
    while (true) {
      auto n =
          background_repository_.ExpireDue(clock_->Now(), kBatch, deadline);
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

  ServiceCore core_;
  const Clock* clock_;
  const std::unique_ptr<directory::Directory> directory_;
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
  std::unique_ptr<privacy::RetentionJob> retention_job_;
};

}  // namespace

std::unique_ptr<ServiceModule> CreateVacanciesModule(
    const ModuleOptions& options, const VacanciesOptions& vacancies) {
  return std::make_unique<VacanciesModule>(options, vacancies);
}

}  // namespace samen::vacancies
