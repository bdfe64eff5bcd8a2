#include "services/induction/induction_module.h"

#include "services/common/call.h"
#include "services/common/directory/directory.h"
#include "services/common/notify/notifier.h"
#include "services/common/peers.h"
#include "services/common/privacy/retention.h"
#include "services/common/service_core.h"
#include "services/induction/booking_mail.h"
#include "services/induction/claim_pruner.h"
#include "services/induction/hr_digest.h"
#include "services/induction/induction_handler.h"
#include "services/induction/induction_repository.h"
#include "services/induction/privacy_map.h"

namespace samen::induction {
namespace {

class InductionModule final : public ServiceModule {
 public:
  explicit InductionModule(const ModuleOptions& options)
      : core_(options),
        directory_(
            directory::NewGrpcDirectory(options.peers->Channel("partners"))),
        repository_(core_.pool(), options.clock),
        handler_(&repository_, core_.runtime(), options.clock, directory_.get(),
                 core_.pool()),
        pruner_(&repository_, options.clock, absl::Minutes(10)),
        retention_(privacy::StartRetention(core_.pool(), InductionDataMap(),
                                           options.clock, options.retention)) {}

  absl::Status StartMail(const ModuleOptions& options) {
    auto notifier = notify::Notifier::Create(
        "induction", core_.pool(), options.peers, directory_.get(),
        options.clock, *options.mail, InductionMailTemplates(),
        std::make_unique<InductionComposer>());
    if (!notifier.ok()) {
      return notifier.status();
    }
    notifier_ = *std::move(notifier);
    repository_.set_mail_enqueued([this] { notifier_->Wake(); });
    if (options.mail->sending()) {
      digest_ = std::make_unique<HrDigest>(&repository_, directory_.get(),
                                           notifier_.get(), options.clock,
                                           options.mail->digest_check_interval);
    }
    return absl::OkStatus();
  }

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
  ClaimPruner pruner_;
  std::unique_ptr<privacy::RetentionJob> retention_;
  std::unique_ptr<notify::Notifier> notifier_;
  std::unique_ptr<HrDigest> digest_;  // last: stops first
};

}  // namespace

absl::StatusOr<std::unique_ptr<ServiceModule>> CreateInductionModule(
    const ModuleOptions& options) {
  auto module = std::make_unique<InductionModule>(options);
  if (options.mail != nullptr) {
    if (auto s = module->StartMail(options); !s.ok()) {
      return s;
    }
  }
  return module;
}

}  // namespace samen::induction
