#include "services/partners/partners_module.h"

#include "services/common/call.h"
#include "services/common/executor.h"
#include "services/common/idempotency_store.h"
#include "services/partners/partners_handler.h"
#include "services/partners/partners_repository.h"

namespace samen::partners {
namespace {

class PartnersModule final : public ServiceModule {
 public:
  explicit PartnersModule(const ModuleOptions& options)
      : pool_(options.mysql),
        executor_(options.mysql.pool_size, options.max_queue),
        runtime_(options.verifier, &executor_),
        idempotency_(&pool_),
        repository_(&pool_, options.clock),
        handler_(&repository_, &runtime_) {
    runtime_.set_idempotency_store(&idempotency_);
  }

  std::string name() const override { return "partners"; }
  std::string grpc_service_name() const override {
    return v1::PartnersService::service_full_name();
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
  PartnersRepository repository_;
  PartnersHandler handler_;
};

}  // namespace

std::unique_ptr<ServiceModule> CreatePartnersModule(
    const ModuleOptions& options) {
  return std::make_unique<PartnersModule>(options);
}

}  // namespace samen::partners
