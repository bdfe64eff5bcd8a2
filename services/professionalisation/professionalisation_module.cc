#include "services/professionalisation/professionalisation_module.h"

#include "services/common/call.h"
#include "services/common/directory/directory.h"
#include "services/common/executor.h"
#include "services/common/idempotency_store.h"
#include "services/common/peers.h"
#include "services/professionalisation/professionalisation_handler.h"
#include "services/professionalisation/professionalisation_repository.h"

namespace samen::professionalisation {
namespace {

class ProfessionalisationModule final : public ServiceModule {
 public:
  explicit ProfessionalisationModule(const ModuleOptions& options)
      : pool_(options.mysql),
        executor_(options.mysql.pool_size, options.max_queue),
        runtime_(options.verifier, &executor_),
        idempotency_(&pool_),
        repository_(&pool_),
        partners_(
            directory::NewGrpcDirectory(options.peers->Channel("partners"))),
        handler_(&repository_, partners_.get(), &runtime_, options.clock) {
    runtime_.set_idempotency_store(&idempotency_);
  }

  std::string name() const override { return "professionalisation"; }
  std::string grpc_service_name() const override {
    return v1::ProfessionalisationService::service_full_name();
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
  ProfessionalisationRepository repository_;
  std::unique_ptr<directory::Directory> partners_;
  ProfessionalisationHandler handler_;
};

}  // namespace

std::unique_ptr<ServiceModule> CreateProfessionalisationModule(
    const ModuleOptions& options) {
  return std::make_unique<ProfessionalisationModule>(options);
}

}  // namespace samen::professionalisation
