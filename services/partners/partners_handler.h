#pragma once

// gRPC surface of the Partners service: authorise, validate, map requests onto
// the repository and the rules. One method per RPC; the work runs on the
// bounded executor through CallRuntime::Serve.

#include "samen/partners/v1/partners_service.grpc.pb.h"
#include "services/common/call.h"
#include "services/partners/partners_repository.h"

namespace samen::partners {

class PartnersHandler final : public v1::PartnersService::CallbackService {
 public:
  PartnersHandler(PartnersRepository* repository, CallRuntime* runtime)
      : repo_(repository), runtime_(runtime) {}

  grpc::ServerUnaryReactor* GetPartnership(grpc::CallbackServerContext* ctx,
                                           const v1::GetPartnershipRequest* req,
                                           v1::Partnership* resp) override;
  grpc::ServerUnaryReactor* ListPartnerships(
      grpc::CallbackServerContext* ctx, const v1::ListPartnershipsRequest* req,
      v1::ListPartnershipsResponse* resp) override;
  grpc::ServerUnaryReactor* CreatePartnership(
      grpc::CallbackServerContext* ctx, const v1::CreatePartnershipRequest* req,
      v1::Partnership* resp) override;
  grpc::ServerUnaryReactor* UpdatePartnership(
      grpc::CallbackServerContext* ctx, const v1::UpdatePartnershipRequest* req,
      v1::Partnership* resp) override;
  grpc::ServerUnaryReactor* DeletePartnership(
      grpc::CallbackServerContext* ctx, const v1::DeletePartnershipRequest* req,
      google::protobuf::Empty* resp) override;

  grpc::ServerUnaryReactor* GetOrganisation(
      grpc::CallbackServerContext* ctx, const v1::GetOrganisationRequest* req,
      v1::Organisation* resp) override;
  grpc::ServerUnaryReactor* ListOrganisations(
      grpc::CallbackServerContext* ctx, const v1::ListOrganisationsRequest* req,
      v1::ListOrganisationsResponse* resp) override;
  grpc::ServerUnaryReactor* CreateOrganisation(
      grpc::CallbackServerContext* ctx,
      const v1::CreateOrganisationRequest* req,
      v1::Organisation* resp) override;
  grpc::ServerUnaryReactor* UpdateOrganisation(
      grpc::CallbackServerContext* ctx,
      const v1::UpdateOrganisationRequest* req,
      v1::Organisation* resp) override;
  grpc::ServerUnaryReactor* DeleteOrganisation(
      grpc::CallbackServerContext* ctx,
      const v1::DeleteOrganisationRequest* req,
      google::protobuf::Empty* resp) override;

  grpc::ServerUnaryReactor* GetMembership(grpc::CallbackServerContext* ctx,
                                          const v1::GetMembershipRequest* req,
                                          v1::Membership* resp) override;
  grpc::ServerUnaryReactor* ListMemberships(
      grpc::CallbackServerContext* ctx, const v1::ListMembershipsRequest* req,
      v1::ListMembershipsResponse* resp) override;
  grpc::ServerUnaryReactor* CreateMembership(
      grpc::CallbackServerContext* ctx, const v1::CreateMembershipRequest* req,
      v1::Membership* resp) override;
  grpc::ServerUnaryReactor* UpdateMembership(
      grpc::CallbackServerContext* ctx, const v1::UpdateMembershipRequest* req,
      v1::Membership* resp) override;
  grpc::ServerUnaryReactor* DeleteMembership(
      grpc::CallbackServerContext* ctx, const v1::DeleteMembershipRequest* req,
      google::protobuf::Empty* resp) override;

  grpc::ServerUnaryReactor* GetPerson(grpc::CallbackServerContext* ctx,
                                      const v1::GetPersonRequest* req,
                                      v1::Person* resp) override;
  grpc::ServerUnaryReactor* ListPeople(grpc::CallbackServerContext* ctx,
                                       const v1::ListPeopleRequest* req,
                                       v1::ListPeopleResponse* resp) override;
  grpc::ServerUnaryReactor* CreatePerson(grpc::CallbackServerContext* ctx,
                                         const v1::CreatePersonRequest* req,
                                         v1::Person* resp) override;
  grpc::ServerUnaryReactor* UpdatePerson(grpc::CallbackServerContext* ctx,
                                         const v1::UpdatePersonRequest* req,
                                         v1::Person* resp) override;
  grpc::ServerUnaryReactor* DeletePerson(
      grpc::CallbackServerContext* ctx, const v1::DeletePersonRequest* req,
      google::protobuf::Empty* resp) override;

 private:
  PartnersRepository* repo_;
  CallRuntime* runtime_;
};

}  // namespace samen::partners
