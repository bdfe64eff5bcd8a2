#include "services/identity/identity_module.h"

#include "services/common/logging.h"
#include "services/common/privacy/retention.h"
#include "services/common/service_core.h"
#include "services/common/status_macros.h"
#include "services/identity/identity_handler.h"
#include "services/identity/privacy_map.h"
#include "services/identity/token_issuer.h"

namespace samen::identity {
namespace {

class IdentityModule final : public ServiceModule {
 public:
  // `issuer` null: not configured (no signing keys).
  IdentityModule(const ModuleOptions& options, const IdentityOptions& identity,
                 std::unique_ptr<TokenIssuer> issuer)
      : core_(options),
        issuer_(std::move(issuer)),
        flows_(issuer_ == nullptr
                   ? nullptr
                   : std::make_unique<SignInFlows>(
                         identity, core_.pool(), issuer_.get(),
                         PartnersProfileSource(options.peers, issuer_.get()),
                         options.clock)),
        sign_in_(core_.runtime(), flows_.get()),
        admin_(core_.runtime(), flows_.get(), core_.pool()),
        retention_(privacy::StartRetention(core_.pool(), IdentityDataMap(),
                                           options.clock, options.retention)) {}

  std::string name() const override { return "identity"; }
  std::string grpc_service_name() const override {
    return v1::IdentityService::service_full_name();
  }
  grpc::Service* service() override { return &admin_; }
  std::vector<std::pair<std::string, grpc::Service*>> extra_services()
      override {
    return {{v1::SignInService::service_full_name(), &sign_in_}};
  }
  absl::Status CheckHealth(absl::Time deadline) override {
    return core_.CheckHealth(deadline);
  }

 private:
  ServiceCore core_;
  std::unique_ptr<TokenIssuer> issuer_;
  std::unique_ptr<SignInFlows> flows_;
  SignInHandler sign_in_;
  IdentityHandler admin_;
  std::unique_ptr<privacy::RetentionJob> retention_;  // last: stops first
};

}  // namespace

absl::StatusOr<std::unique_ptr<ServiceModule>> CreateIdentityModule(
    const ModuleOptions& options, const IdentityOptions& identity) {
  std::unique_ptr<TokenIssuer> issuer;
  if (identity.signing_key_files.empty()) {
    log::Warning(
        "identity: no --signing_keys, so sign-in and Samen's own tokens are "
        "off here (developer tokens still work)");
  } else {
    RETURN_IF_ERROR(ValidateOptions(identity));
    ASSIGN_OR_RETURN(issuer, TokenIssuer::Create(identity));
  }
  return std::make_unique<IdentityModule>(options, identity, std::move(issuer));
}

}  // namespace samen::identity
