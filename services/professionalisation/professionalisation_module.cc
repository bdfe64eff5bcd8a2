#include "services/professionalisation/professionalisation_module.h"

#include "services/common/call.h"
#include "services/common/directory/directory.h"
#include "services/common/notify/notifier.h"
#include "services/common/peers.h"
#include "services/common/privacy/retention.h"
#include "services/common/service_core.h"
#include "services/professionalisation/enrolment_mail.h"
#include "services/professionalisation/privacy_map.h"
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
        handler_(&repository_, partners_.get(), core_.runtime(), options.clock,
                 core_.pool()),
        retention_(privacy::StartRetention(core_.pool(),
                                           ProfessionalisationDataMap(),
                                           options.clock, options.retention)) {}

  absl::Status StartMail(const ModuleOptions& options) {
    auto notifier = notify::Notifier::Create(
        "professionalisation", core_.pool(), options.peers, partners_.get(),
        options.clock, *options.mail, ProfessionalisationMailTemplates(),
        std::make_unique<ProfessionalisationComposer>());
    if (!notifier.ok()) {
      return notifier.status();
    }
    notifier_ = *std::move(notifier);
    repository_.set_mail_enqueued([this] { notifier_->Wake(); });
    return absl::OkStatus();
  }

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
  std::unique_ptr<privacy::RetentionJob> retention_;
  std::unique_ptr<notify::Notifier> notifier_;  // last: its worker stops first
};

}  // namespace

absl::StatusOr<std::unique_ptr<ServiceModule>> CreateProfessionalisationModule(
    const ModuleOptions& options) {
  auto module = std::make_unique<ProfessionalisationModule>(options);
  if (options.mail != nullptr) {
    if (auto s = module->StartMail(options); !s.ok()) {
      return s;
    }
  }
  return module;
}

}  // namespace samen::professionalisation
