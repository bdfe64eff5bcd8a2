#include "services/professionalisation/professionalisation_module.h"

#include "services/common/call.h"
#include "services/common/directory/directory.h"
#include "services/common/peers.h"
#include "services/common/service_core.h"
#include "services/professionalisation/professionalisation_handler.h"
#include "services/professionalisation/professionalisation_repository.h"

namespace samen::professionalisation {
namespace {

class ProfessionalisationModule final : public ServiceModule {
 public:
  explicit ProfessionalisationModule(const ModuleOptions& options)
      : core_(options),
        repository_(core_.pool()),
        partners_(
            directory::NewGrpcDirectory(options.peers->Channel("partners"))),
        handler_(&repository_, partners_.get(), core_.runtime(),
                 options.clock) {}

  std::string name() const override { return "professionalisation"; }
  std::string grpc_service_name() const override {
    return v1::ProfessionalisationService::service_full_name();
  }
  grpc::Service* service() override { return &handler_; }
  absl::Status CheckHealth(absl::Time deadline) override {
    return core_.CheckHealth(deadline);
  }

 private:
  ServiceCore core_;
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
