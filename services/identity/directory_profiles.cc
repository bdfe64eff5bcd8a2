#include "services/identity/directory_profiles.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "grpcpp/client_context.h"
#include "samen/partners/v1/partners_service.grpc.pb.h"
#include "services/common/errors.h"
#include "services/common/status_macros.h"
#include "services/identity/token_issuer.h"

namespace samen::identity {
namespace {

namespace pv1 = partners::v1;

class PartnersProfiles final : public ProfileSource {
 public:
  PartnersProfiles(Peers* peers, TokenIssuer* issuer)
      : peers_(peers), issuer_(issuer) {}

  absl::StatusOr<Profile> ByPerson(const std::string& person_id,
                                   absl::Time deadline) override {
    pv1::LookUpSignInProfileRequest request;
    request.set_person(absl::StrCat("people/", person_id));
    return LookUp(request, deadline);
  }

  absl::StatusOr<Profile> ByEmail(const std::string& email,
                                  absl::Time deadline) override {
    pv1::LookUpSignInProfileRequest request;
    request.set_email(email);
    return LookUp(request, deadline);
  }

 private:
  absl::StatusOr<Profile> LookUp(const pv1::LookUpSignInProfileRequest& request,
                                 absl::Time deadline) {
    ASSIGN_OR_RETURN(std::string authorization,
                     issuer_->ServiceAuthorization(absl::Now()));
    grpc::ClientContext ctx;
    ctx.AddMetadata("authorization", authorization);
    ctx.set_deadline(absl::ToChronoTime(deadline));
    pv1::SignInProfile reply;
    auto stub = pv1::PartnersService::NewStub(peers_->Channel("partners"));
    grpc::Status status = stub->LookUpSignInProfile(&ctx, request, &reply);
    if (!status.ok()) {
      absl::Status error = FromGrpcStatus(status);
      if (absl::IsNotFound(error) || absl::IsFailedPrecondition(error)) {
        return error;
      }
      return absl::UnavailableError(absl::StrCat(
          "the directory did not answer who signed in: ", error.message()));
    }
    Profile profile;
    profile.person_id =
        std::string(absl::StripPrefix(reply.person(), "people/"));
    profile.display_name = reply.display_name();
    profile.email = reply.email();
    for (const pv1::RoleGrant& grant : reply.active_grants()) {
      profile.grants.push_back({grant.role(), grant.scope()});
    }
    return profile;
  }

  Peers* const peers_;
  TokenIssuer* const issuer_;
};

}  // namespace

auth::Principal Profile::AsPrincipal() const {
  auth::Principal principal;
  principal.subject = person_id;
  principal.display_name = display_name;
  principal.grants = grants;
  return principal;
}

std::unique_ptr<ProfileSource> PartnersProfileSource(Peers* peers,
                                                     TokenIssuer* issuer) {
  return std::make_unique<PartnersProfiles>(peers, issuer);
}

}  // namespace samen::identity
