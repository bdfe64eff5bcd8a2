#include "services/induction/induction_module.h"

#include "services/common/call.h"
#include "services/common/directory/directory.h"
#include "services/common/peers.h"
#include "services/common/service_core.h"
#include "services/induction/induction_handler.h"
#include "services/induction/induction_repository.h"

namespace samen::induction {
namespace {

class InductionModule final : public ServiceModule {
 public:
  explicit InductionModule(const ModuleOptions& options)
      : core_(options),
        directory_(
            directory::NewGrpcDirectory(options.peers->Channel("partners"))),
        repository_(core_.pool(), options.clock),
        handler_(&repository_, core_.runtime(), options.clock,
                 directory_.get()) {}

  std::string name() const override { return "induction"; }
  std::string grpc_service_name() const override {
    return v1::InductionService::service_full_name();
  }
  grpc::Service* service() override { return &handler_; }
  absl::Status CheckHealth(absl::Time deadline) override {
    return core_.CheckHealth(deadline);
  }

 private:
  ServiceCore core_;
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
