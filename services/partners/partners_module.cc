#include "services/partners/partners_module.h"

#include "services/common/call.h"
#include "services/common/service_core.h"
#include "services/partners/partners_handler.h"
#include "services/partners/partners_repository.h"
#include "services/partners/vacancy_component.h"

namespace samen::partners {
namespace {

class PartnersModule final : public ServiceModule {
 public:
  explicit PartnersModule(const ModuleOptions& options)
      : core_(options),
        repository_(core_.pool(), options.clock),
        handler_(&repository_, core_.runtime()),
        vacancies_(CreateVacanciesComponent(core_.pool(), core_.runtime())) {}

  std::string name() const override { return "partners"; }
  std::string grpc_service_name() const override {
    return v1::PartnersService::service_full_name();
  }
  grpc::Service* service() override { return &handler_; }
  // VacanciesService on the same database (vacancy_component.h).
  std::vector<std::pair<std::string, grpc::Service*>> extra_services()
      override {
    return {{VacanciesComponent::ServiceName(), vacancies_->service()}};
  }
  absl::Status CheckHealth(absl::Time deadline) override {
    return core_.CheckHealth(deadline);
  }
  void Drain() override { vacancies_->Drain(); }

 private:
  ServiceCore core_;
  PartnersRepository repository_;
  PartnersHandler handler_;
  // Last: its background threads stop before what they use goes away.
  std::unique_ptr<VacanciesComponent> vacancies_;
};

}  // namespace

std::unique_ptr<ServiceModule> CreatePartnersModule(
    const ModuleOptions& options) {
  return std::make_unique<PartnersModule>(options);
}

}  // namespace samen::partners
