#include "services/partners/partners_module.h"

#include "services/common/call.h"
#include "services/common/privacy/retention.h"
#include "services/common/service_core.h"
#include "services/partners/partners_handler.h"
#include "services/partners/partners_repository.h"
#include "services/partners/privacy_map.h"

namespace samen::partners {
namespace {

class PartnersModule final : public ServiceModule {
 public:
  explicit PartnersModule(const ModuleOptions& options)
      : core_(options),
        repository_(core_.pool(), options.clock),
        placements_(core_.pool(), options.clock),
        handler_(&repository_, &placements_, core_.runtime(), options.clock,
                 core_.pool()),
        retention_(privacy::StartRetention(core_.pool(), PartnersDataMap(),
                                           options.clock, options.retention)) {}

  std::string name() const override { return "partners"; }
  std::string grpc_service_name() const override {
    return v1::PartnersService::service_full_name();
  }
  grpc::Service* service() override { return &handler_; }
  absl::Status CheckHealth(absl::Time deadline) override {
    return core_.CheckHealth(deadline);
  }

 private:
  ServiceCore core_;
  PartnersRepository repository_;
  PlacementsRepository placements_;
  PartnersHandler handler_;
  std::unique_ptr<privacy::RetentionJob> retention_;  // last: stops first
};

}  // namespace

std::unique_ptr<ServiceModule> CreatePartnersModule(
    const ModuleOptions& options) {
  return std::make_unique<PartnersModule>(options);
}

}  // namespace samen::partners
