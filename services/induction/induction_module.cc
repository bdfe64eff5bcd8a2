#include "services/induction/induction_module.h"

#include "services/common/call.h"
#include "services/common/directory/directory.h"
#include "services/common/executor.h"
#include "services/common/idempotency_store.h"
#include "services/common/peers.h"
#include "services/induction/induction_handler.h"
#include "services/induction/induction_repository.h"

namespace samen::induction {
namespace {

class InductionModule final : public ServiceModule {
 public:
  explicit InductionModule(const ModuleOptions& options)
      : pool_(options.mysql),
        executor_(options.mysql.pool_size, options.max_queue),
        runtime_(options.verifier, &executor_),
        idempotency_(&pool_),
        directory_(
            directory::NewGrpcDirectory(options.peers->Channel("partners"))),
        repository_(&pool_, options.clock),
        handler_(&repository_, &runtime_, options.clock, directory_.get()) {
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
  std::unique_ptr<directory::Directory> directory_;
  InductionRepository repository_;
  InductionHandler handler_;
};

}  // namespace

std::unique_ptr<ServiceModule> CreateInductionModule(
    const ModuleOptions& options) {
  return std::make_unique<InductionModule>(options);
}

}  // namespace samen::induction
