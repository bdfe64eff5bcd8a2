#include "services/professionalisation/partners_directory.h"

#include "absl/strings/str_cat.h"
#include "samen/partners/v1/partners_service.grpc.pb.h"
#include "services/common/errors.h"
#include "services/common/peers.h"

namespace samen::professionalisation {
namespace {

namespace pv1 = ::samen::partners::v1;

std::unique_ptr<pv1::PartnersService::Stub> Stub() {
  return pv1::PartnersService::NewStub(PeerChannel("partners"));
}

// NOT_FOUND becomes a bad `field`; other failures say the check could not run.
absl::Status Explain(const grpc::Status& status, absl::string_view field,
                     absl::string_view what) {
  if (status.error_code() == grpc::StatusCode::NOT_FOUND) {
    return InvalidField(field, absl::StrCat(what, " does not exist"));
  }
  if (status.error_code() == grpc::StatusCode::PERMISSION_DENIED ||
      status.error_code() == grpc::StatusCode::UNAUTHENTICATED) {
    return absl::PermissionDeniedError(
        absl::StrCat("the Partners service refused to show ", what));
  }
  return absl::UnavailableError(
      absl::StrCat("could not check ", what,
                   " with the Partners service: ", status.error_message()));
}

}  // namespace

absl::Status GrpcPartnersDirectory::CheckOwner(const CallContext& call,
                                               const Owner& owner,
                                               absl::string_view field) {
  grpc::ClientContext ctx;
  PrepareOutgoing(call, &ctx);
  grpc::Status status;
  if (owner.partnership) {
    pv1::GetPartnershipRequest req;
    req.set_name(owner.name());
    pv1::Partnership resp;
    status = Stub()->GetPartnership(&ctx, req, &resp);
  } else {
    pv1::GetOrganisationRequest req;
    req.set_name(owner.name());
    pv1::Organisation resp;
    status = Stub()->GetOrganisation(&ctx, req, &resp);
  }
  return status.ok() ? absl::OkStatus() : Explain(status, field, owner.name());
}

absl::StatusOr<LocationInfo> GrpcPartnersDirectory::CheckLocation(
    const CallContext& call, const Owner& owner,
    const std::string& organisation_id, absl::string_view field) {
  auto stub = Stub();
  const std::string name = absl::StrCat("organisations/", organisation_id);
  LocationInfo info;
  {
    grpc::ClientContext ctx;
    PrepareOutgoing(call, &ctx);
    pv1::GetOrganisationRequest req;
    req.set_name(name);
    pv1::Organisation org;
    grpc::Status status = stub->GetOrganisation(&ctx, req, &org);
    if (!status.ok()) {
      return Explain(status, field, name);
    }
    info.display_name = org.display_name();
    info.city = org.city();
  }
  if (owner.partnership) {
    grpc::ClientContext ctx;
    PrepareOutgoing(call, &ctx);
    pv1::GetMembershipRequest req;
    req.set_name(absl::StrCat(owner.name(), "/memberships/", organisation_id));
    pv1::Membership membership;
    grpc::Status status = stub->GetMembership(&ctx, req, &membership);
    if (status.error_code() == grpc::StatusCode::NOT_FOUND) {
      return InvalidField(
          field, absl::StrCat(name, " is not a member of ", owner.name()));
    }
    if (!status.ok()) {
      return Explain(status, field, absl::StrCat("the membership of ", name));
    }
  }
  return info;
}

absl::StatusOr<PersonInfo> GrpcPartnersDirectory::LookupPerson(
    const CallContext& call, const std::string& person_id) {
  grpc::ClientContext ctx;
  PrepareOutgoing(call, &ctx);
  pv1::GetPersonRequest req;
  req.set_name(absl::StrCat("people/", person_id));
  pv1::Person person;
  grpc::Status status = Stub()->GetPerson(&ctx, req, &person);
  if (!status.ok()) {
    return FromGrpcStatus(status);
  }
  PersonInfo info;
  info.display_name = person.display_name();
  for (const auto& affiliation : person.affiliations()) {
    info.organisations.push_back(affiliation.organisation());
  }
  return info;
}

}  // namespace samen::professionalisation
