#include "services/partners/partners_module.h"

#include "services/common/call.h"
#include "services/common/logging.h"
#include "services/common/notify/mail_worker.h"
#include "services/common/privacy/retention.h"
#include "services/common/service_core.h"
#include "services/partners/partners_handler.h"
#include "services/partners/partners_repository.h"
#include "services/partners/privacy_map.h"

namespace samen::partners {
namespace {

class PartnersModule final : public ServiceModule {
 public:
  PartnersModule(const ModuleOptions& options, const PrivacyOptions& privacy)
      : core_(options),
        privacy_options_(privacy),
        repository_(core_.pool(), options.clock),
        placements_(core_.pool(), options.clock),
        operations_(core_.pool(), options.clock),
        tokens_(options.mail != nullptr ? options.mail->credentials
                                        : notify::ServiceCredentials{},
                options.peers),
        handler_(&repository_, &placements_, core_.runtime(), options.clock,
                 core_.pool(),
                 PrivacyContext{&operations_, privacy_options_.services,
                                [this] {
                                  if (worker_) {
                                    worker_->Wake();
                                  }
                                }}),
        retention_(privacy::StartRetention(core_.pool(), PartnersDataMap(),
                                           options.clock, options.retention)) {
    if (options.peers == nullptr || privacy_options_.workers <= 0) {
      return;
    }
    if (!tokens_.configured()) {
      log::Warning(
          "people's exports and erasures wait: no service credential "
          "(--service_client_id) to call the services with",
          {{"service", "partners"}});
      return;
    }
    worker_ =
        std::make_unique<PrivacyWorker>(&operations_, options.peers, &tokens_,
                                        options.clock, &privacy_options_);
  }

  std::string name() const override { return "partners"; }
  std::string grpc_service_name() const override {
    return v1::PartnersService::service_full_name();
  }
  grpc::Service* service() override { return &handler_; }
  absl::Status CheckHealth(absl::Time deadline) override {
    return core_.CheckHealth(deadline);
  }
  void Drain() override {
    if (worker_) {
      worker_->Stop();
    }
  }

 private:
  ServiceCore core_;
  const PrivacyOptions privacy_options_;
  PartnersRepository repository_;
  PlacementsRepository placements_;
  PrivacyOperationRepository operations_;
  notify::ServiceTokenSource tokens_;
  PartnersHandler handler_;
  std::unique_ptr<privacy::RetentionJob> retention_;
  std::unique_ptr<PrivacyWorker> worker_;  // last: stops first
};

}  // namespace

std::unique_ptr<ServiceModule> CreatePartnersModule(
    const ModuleOptions& options, const PrivacyOptions& privacy) {
  return std::make_unique<PartnersModule>(options, privacy);
}

}  // namespace samen::partners
