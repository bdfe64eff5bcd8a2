#pragma once

// gRPC surface of the Partners service: authorise, validate, map requests onto
// the repository and the rules. One method per RPC; the work runs on the
// bounded executor through CallRuntime::Serve.

#include <functional>
#include <string>
#include <vector>

#include "db/pool.h"
#include "samen/partners/v1/partners_service.grpc.pb.h"
#include "services/common/call.h"
#include "services/common/clock.h"
#include "services/partners/partners_repository.h"
#include "services/partners/placements_repository.h"
#include "services/partners/privacy_operation_repository.h"

namespace samen::partners {

// What the privacy operations' RPCs use
// (partners_handler_privacy_operations.cc).
struct PrivacyContext {
  PrivacyOperationRepository* repository = nullptr;  // never null
  std::vector<std::string> services;  // whose steps an operation has
  std::function<void()> wake;         // the worker's Wake; may be empty
};

class PartnersHandler final : public v1::PartnersService::CallbackService {
 public:
  // `clock` says what day it is (Europe/Amsterdam) for role grants.
  // `placements` holds students, placement rounds and funding. `pool` is
  // samen_partners, for a person's export and erasure.
  PartnersHandler(PartnersRepository* repository,
                  PlacementsRepository* placements, CallRuntime* runtime,
                  const Clock* clock, db::Pool* pool, PrivacyContext privacy)
      : repo_(repository),
        placements_(placements),
        runtime_(runtime),
        clock_(clock),
        pool_(pool),
        privacy_(std::move(privacy)) {}

  SAMEN_UNARY_RPC(GetPartnership, v1::GetPartnershipRequest, v1::Partnership);
  SAMEN_UNARY_RPC(ListPartnerships, v1::ListPartnershipsRequest,
                  v1::ListPartnershipsResponse);
  SAMEN_UNARY_RPC(CreatePartnership, v1::CreatePartnershipRequest,
                  v1::Partnership);
  SAMEN_UNARY_RPC(UpdatePartnership, v1::UpdatePartnershipRequest,
                  v1::Partnership);
  SAMEN_UNARY_RPC(DeletePartnership, v1::DeletePartnershipRequest,
                  google::protobuf::Empty);

  SAMEN_UNARY_RPC(GetOrganisation, v1::GetOrganisationRequest,
                  v1::Organisation);
  SAMEN_UNARY_RPC(ListOrganisations, v1::ListOrganisationsRequest,
                  v1::ListOrganisationsResponse);
  SAMEN_UNARY_RPC(CreateOrganisation, v1::CreateOrganisationRequest,
                  v1::Organisation);
  SAMEN_UNARY_RPC(UpdateOrganisation, v1::UpdateOrganisationRequest,
                  v1::Organisation);
  SAMEN_UNARY_RPC(DeleteOrganisation, v1::DeleteOrganisationRequest,
                  google::protobuf::Empty);

  SAMEN_UNARY_RPC(GetMembership, v1::GetMembershipRequest, v1::Membership);
  SAMEN_UNARY_RPC(ListMemberships, v1::ListMembershipsRequest,
                  v1::ListMembershipsResponse);
  SAMEN_UNARY_RPC(CreateMembership, v1::CreateMembershipRequest,
                  v1::Membership);
  SAMEN_UNARY_RPC(UpdateMembership, v1::UpdateMembershipRequest,
                  v1::Membership);
  SAMEN_UNARY_RPC(DeleteMembership, v1::DeleteMembershipRequest,
                  google::protobuf::Empty);

  SAMEN_UNARY_RPC(GetPerson, v1::GetPersonRequest, v1::Person);
  SAMEN_UNARY_RPC(ListPeople, v1::ListPeopleRequest, v1::ListPeopleResponse);
  SAMEN_UNARY_RPC(CreatePerson, v1::CreatePersonRequest, v1::Person);
  SAMEN_UNARY_RPC(UpdatePerson, v1::UpdatePersonRequest, v1::Person);
  SAMEN_UNARY_RPC(DeletePerson, v1::DeletePersonRequest,
                  google::protobuf::Empty);

  SAMEN_UNARY_RPC(GetRoleGrant, v1::GetRoleGrantRequest, v1::RoleGrant);
  SAMEN_UNARY_RPC(ListRoleGrants, v1::ListRoleGrantsRequest,
                  v1::ListRoleGrantsResponse);
  SAMEN_UNARY_RPC(CreateRoleGrant, v1::CreateRoleGrantRequest, v1::RoleGrant);
  SAMEN_UNARY_RPC(UpdateRoleGrant, v1::UpdateRoleGrantRequest, v1::RoleGrant);
  SAMEN_UNARY_RPC(DeleteRoleGrant, v1::DeleteRoleGrantRequest,
                  google::protobuf::Empty);
  SAMEN_UNARY_RPC(ListRoleGrantChanges, v1::ListRoleGrantChangesRequest,
                  v1::ListRoleGrantChangesResponse);
  SAMEN_UNARY_RPC(LookUpSignInProfile, v1::LookUpSignInProfileRequest,
                  v1::SignInProfile);

  SAMEN_UNARY_RPC(GetNotificationSettings, v1::GetNotificationSettingsRequest,
                  v1::NotificationSettings);
  SAMEN_UNARY_RPC(UpdateNotificationSettings,
                  v1::UpdateNotificationSettingsRequest,
                  v1::NotificationSettings);

  SAMEN_UNARY_RPC(GetAccessionProtocol, v1::GetAccessionProtocolRequest,
                  v1::AccessionProtocol);
  SAMEN_UNARY_RPC(ListAccessionProtocols, v1::ListAccessionProtocolsRequest,
                  v1::ListAccessionProtocolsResponse);
  SAMEN_UNARY_RPC(CreateAccessionProtocol, v1::CreateAccessionProtocolRequest,
                  v1::AccessionProtocol);
  SAMEN_UNARY_RPC(GetApplication, v1::GetApplicationRequest, v1::Application);
  SAMEN_UNARY_RPC(ListApplications, v1::ListApplicationsRequest,
                  v1::ListApplicationsResponse);
  SAMEN_UNARY_RPC(CreateApplication, v1::CreateApplicationRequest,
                  v1::Application);
  SAMEN_UNARY_RPC(CompleteApplicationStep, v1::CompleteApplicationStepRequest,
                  v1::Application);
  SAMEN_UNARY_RPC(DecideApplication, v1::DecideApplicationRequest,
                  v1::Application);
  SAMEN_UNARY_RPC(PlanApplicationAudit, v1::PlanApplicationAuditRequest,
                  v1::Application);
  SAMEN_UNARY_RPC(UploadApplicationDocument,
                  v1::UploadApplicationDocumentRequest,
                  v1::ApplicationDocument);
  SAMEN_UNARY_RPC(ListApplicationDocuments, v1::ListApplicationDocumentsRequest,
                  v1::ListApplicationDocumentsResponse);
  SAMEN_UNARY_RPC(DownloadApplicationDocument,
                  v1::DownloadApplicationDocumentRequest,
                  google::api::HttpBody);
  SAMEN_UNARY_RPC(GetApplicationsOverview, v1::GetApplicationsOverviewRequest,
                  v1::ApplicationsOverview);
  SAMEN_UNARY_RPC(ExportApplicationsOverview,
                  v1::GetApplicationsOverviewRequest, google::api::HttpBody);
  SAMEN_UNARY_RPC(ListMembershipChanges, v1::ListMembershipChangesRequest,
                  v1::ListMembershipChangesResponse);
  SAMEN_UNARY_RPC(CopyAccessionProtocol, v1::CopyAccessionProtocolRequest,
                  v1::AccessionProtocol);

  // Students, placement rounds and funding (partners_handler_students.cc,
  // _placements.cc, _funding.cc).
  SAMEN_UNARY_RPC(GetStudent, v1::GetStudentRequest, v1::Student);
  SAMEN_UNARY_RPC(ListStudents, v1::ListStudentsRequest,
                  v1::ListStudentsResponse);
  SAMEN_UNARY_RPC(CreateStudent, v1::CreateStudentRequest, v1::Student);
  SAMEN_UNARY_RPC(UpdateStudent, v1::UpdateStudentRequest, v1::Student);
  SAMEN_UNARY_RPC(DeleteStudent, v1::DeleteStudentRequest,
                  google::protobuf::Empty);
  SAMEN_UNARY_RPC(ListStudentAccessRecords, v1::ListStudentAccessRecordsRequest,
                  v1::ListStudentAccessRecordsResponse);
  SAMEN_UNARY_RPC(GetPlacementRound, v1::GetPlacementRoundRequest,
                  v1::PlacementRound);
  SAMEN_UNARY_RPC(ListPlacementRounds, v1::ListPlacementRoundsRequest,
                  v1::ListPlacementRoundsResponse);
  SAMEN_UNARY_RPC(CreatePlacementRound, v1::CreatePlacementRoundRequest,
                  v1::PlacementRound);
  SAMEN_UNARY_RPC(UpdatePlacementRound, v1::UpdatePlacementRoundRequest,
                  v1::PlacementRound);
  SAMEN_UNARY_RPC(GetPlacementPreference, v1::GetPlacementPreferenceRequest,
                  v1::PlacementPreference);
  SAMEN_UNARY_RPC(UpdatePlacementPreference,
                  v1::UpdatePlacementPreferenceRequest,
                  v1::PlacementPreference);
  SAMEN_UNARY_RPC(ProposePlacements, v1::ProposePlacementsRequest,
                  v1::PlacementRound);
  SAMEN_UNARY_RPC(ListPlacements, v1::ListPlacementsRequest,
                  v1::ListPlacementsResponse);
  SAMEN_UNARY_RPC(UpdatePlacement, v1::UpdatePlacementRequest, v1::Placement);
  SAMEN_UNARY_RPC(PublishPlacementRound, v1::PublishPlacementRoundRequest,
                  v1::PlacementRound);
  SAMEN_UNARY_RPC(ListFundingRegulations, v1::ListFundingRegulationsRequest,
                  v1::ListFundingRegulationsResponse);
  SAMEN_UNARY_RPC(ForecastFunding, v1::ForecastFundingRequest,
                  v1::FundingForecast);
  SAMEN_UNARY_RPC(GetGreenPickingOverview, v1::GetGreenPickingOverviewRequest,
                  v1::GreenPickingOverview);

  // A person's data (partners_handler_privacy.cc).
  SAMEN_UNARY_RPC(ExportPersonData, privacy::v1::ExportPersonDataRequest,
                  privacy::v1::PersonData);
  SAMEN_UNARY_RPC(ErasePersonData, privacy::v1::ErasePersonDataRequest,
                  privacy::v1::ErasePersonDataResponse);

  // A person's export and erasure across the services, as operations
  // (partners_handler_privacy_operations.cc).
  SAMEN_UNARY_RPC(ExportPersonalData, v1::ExportPersonalDataRequest,
                  v1::Operation);
  SAMEN_UNARY_RPC(ErasePerson, v1::ErasePersonRequest, v1::Operation);
  SAMEN_UNARY_RPC(GetOperation, v1::GetOperationRequest, v1::Operation);
  SAMEN_UNARY_RPC(ListOperations, v1::ListOperationsRequest,
                  v1::ListOperationsResponse);
  SAMEN_UNARY_RPC(DownloadDataExport, v1::DownloadDataExportRequest,
                  google::api::HttpBody);

 private:
  // Today in Europe/Amsterdam, "YYYY-MM-DD".
  std::string Today() const;
  // Starts an export or erasure of `name` (people/{person}).
  absl::Status StartOperation(const CallContext& call, OperationKind kind,
                              absl::string_view name,
                              const std::string& request_id,
                              const std::string& reason, v1::Operation* resp);
  // The application `name`, read if `who` may see it (coordinators, the
  // joining school, its audit committee), with `overdue` as of today.
  absl::StatusOr<v1::Application> SeenApplication(const CallContext& call,
                                                  const std::string& name,
                                                  absl::string_view field);
  // Which grants of `person_id` ("-": everyone's) in `scope` ("": any) the
  // caller may read.
  absl::StatusOr<GrantReadScope> GrantReader(const CallContext& call,
                                             const std::string& person_id,
                                             const std::string& scope);

  // Puts a read of these students' records on record (all but the caller's
  // own), as `action` ("GET" or "LIST") by `method`; `student` the one read
  // alone, for the role that allowed it.
  absl::Status RecordStudentReads(const CallContext& call,
                                  const std::vector<std::string>& student_ids,
                                  const StudentFacts* student,
                                  absl::string_view action,
                                  absl::string_view method);

  PartnersRepository* repo_;
  PlacementsRepository* placements_;
  CallRuntime* runtime_;
  const Clock* clock_;
  db::Pool* pool_;
  PrivacyContext privacy_;
};

}  // namespace samen::partners
