#include "services/professionalisation/professionalisation_module.h"

#include "services/common/call.h"
#include "services/common/executor.h"
#include "services/common/idempotency_store.h"
#include "services/professionalisation/partners_directory.h"
#include "services/professionalisation/professionalisation_handler.h"
#include "services/professionalisation/professionalisation_repository.h"

namespace samen::professionalisation {
namespace {

class ProfessionalisationModule final : public ServiceModule {
 public:
  ProfessionalisationModule(const db::MysqlOptions& mysql,
                            const auth::TokenVerifier* verifier,
                            size_t max_queue)
      : pool_(mysql),
        executor_(mysql.pool_size, max_queue),
        runtime_(verifier, &executor_),
        idempotency_(&pool_),
        repository_(&pool_),
        handler_(&repository_, &partners_, &runtime_) {
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
  GrpcPartnersDirectory partners_;
  ProfessionalisationHandler handler_;
};

}  // namespace

std::unique_ptr<ServiceModule> CreateProfessionalisationModule(
    const db::MysqlOptions& mysql, const auth::TokenVerifier* verifier,
    size_t max_queue) {
  return std::make_unique<ProfessionalisationModule>(mysql, verifier,
                                                     max_queue);
}

}  // namespace samen::professionalisation
