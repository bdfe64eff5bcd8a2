#include "services/induction/induction_module.h"

#include "services/common/call.h"
#include "services/common/executor.h"
#include "services/common/idempotency_store.h"
#include "services/induction/clock.h"
#include "services/induction/directory.h"
#include "services/induction/induction_handler.h"
#include "services/induction/induction_repository.h"

namespace samen::induction {
namespace {

class InductionModule final : public ServiceModule {
 public:
  InductionModule(const db::MysqlOptions& mysql,
                  const auth::TokenVerifier* verifier, size_t max_queue)
      : pool_(mysql),
        executor_(mysql.pool_size, max_queue),
        runtime_(verifier, &executor_),
        idempotency_(&pool_),
        clock_(ClockFromFlags()),
        repository_(&pool_),
        handler_(&repository_, &runtime_, clock_.get(), &directory_) {
    runtime_.set_idempotency_store(&idempotency_);
  }

  std::string name() const override { return "induction"; }
  std::string grpc_service_name() const override {
    return v1::InductionService::service_full_name();
  }
  grpc::Service* service() override { return &handler_; }
  absl::Status CheckHealth(absl::Time deadline) override {
    return repository_.Ping(deadline);
  }

 private:
  db::Pool pool_;
  Executor executor_;
  CallRuntime runtime_;
  MysqlIdempotencyStore idempotency_;
  std::unique_ptr<Clock> clock_;
  PartnersDirectory directory_;
  InductionRepository repository_;
  InductionHandler handler_;
};

}  // namespace

std::unique_ptr<ServiceModule> CreateInductionModule(
    const db::MysqlOptions& mysql, const auth::TokenVerifier* verifier,
    size_t max_queue) {
  return std::make_unique<InductionModule>(mysql, verifier, max_queue);
}

}  // namespace samen::induction
