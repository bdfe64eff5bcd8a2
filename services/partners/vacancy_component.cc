#include "services/partners/vacancy_component.h"

#include <thread>

#include "absl/flags/flag.h"
#include "absl/synchronization/mutex.h"
#include "services/common/logging.h"
#include "services/common/sql_time.h"
#include "services/partners/vacancy_handler.h"
#include "services/partners/vacancy_repository.h"

ABSL_FLAG(absl::Duration, vacancy_feed_retention, absl::Hours(24 * 30),
          "How long vacancy feed changes are kept; older sync tokens are "
          "expired (HTTP 410)");
ABSL_FLAG(
    absl::Duration, vacancy_maintenance_interval, absl::Seconds(10),
    "How often each replica stores expired vacancies and prunes the feed");

namespace samen::partners {
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

db::MysqlOptions BackgroundPoolOptions(const db::MysqlOptions& base, int size) {
  db::MysqlOptions options = base;
  options.pool_size = size;
  return options;
}

class Component final : public VacanciesComponent {
 public:
  Component(db::Pool* pool, CallRuntime* runtime)
      : retention_(absl::GetFlag(FLAGS_vacancy_feed_retention)),
        background_pool_(BackgroundPoolOptions(pool->options(), 2)),
        repository_(pool, nullptr),
        background_repository_(&background_pool_, nullptr),
        handler_(&repository_, runtime, VacancyHandlerOptions{retention_}),
        maintenance_(absl::GetFlag(FLAGS_vacancy_maintenance_interval),
                     [this] { Maintain(); }) {}

  grpc::Service* service() override { return &handler_; }

 private:
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
    }
    auto pruned = background_repository_.PruneFeed(now - retention_, deadline);
    if (!pruned.ok()) {
      log::Warning("pruning the vacancy feed failed",
                   {{"error", pruned.status().ToString()}});
    } else if (*pruned > 0) {
      log::Info("vacancy feed pruned", {{"changes", std::to_string(*pruned)}});
    }
  }

  const absl::Duration retention_;
  db::Pool background_pool_;
  VacancyRepository repository_;
  VacancyRepository background_repository_;
  VacancyHandler handler_;
  // Last: stopped first, before what it uses goes away.
  Periodic maintenance_;
};

}  // namespace

std::string VacanciesComponent::ServiceName() {
  return v1::VacanciesService::service_full_name();
}

std::unique_ptr<VacanciesComponent> CreateVacanciesComponent(
    db::Pool* pool, CallRuntime* runtime) {
  return std::make_unique<Component>(pool, runtime);
}

}  // namespace samen::partners
