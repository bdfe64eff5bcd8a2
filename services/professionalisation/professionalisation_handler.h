#pragma once

// gRPC surface of the Professionalisation service: authorise, validate, map
// requests onto the repository and the rules. One method per RPC; the work
// runs on the bounded executor through CallRuntime::Serve. Activities:
// professionalisation_handler_activities.cc; enrolments:
// professionalisation_handler_enrolments.cc; attendance, records, feedback,
// events: professionalisation_handler_records.cc.

#include <functional>

#include "absl/time/time.h"
#include "db/pool.h"
#include "samen/professionalisation/v1/professionalisation_service.grpc.pb.h"
#include "services/common/call.h"
#include "services/common/clock.h"
#include "services/common/directory/directory.h"
#include "services/professionalisation/professionalisation_repository.h"

namespace samen::professionalisation {

class ProfessionalisationHandler final
    : public v1::ProfessionalisationService::CallbackService {
 public:
  ProfessionalisationHandler(ProfessionalisationRepository* repository,
                             directory::Directory* partners,
                             CallRuntime* runtime, const Clock* clock,
                             db::Pool* pool);

  SAMEN_UNARY_RPC(GetActivity, v1::GetActivityRequest, v1::Activity);
  SAMEN_UNARY_RPC(ListActivities, v1::ListActivitiesRequest,
                  v1::ListActivitiesResponse);
  SAMEN_UNARY_RPC(CreateActivity, v1::CreateActivityRequest, v1::Activity);
  SAMEN_UNARY_RPC(UpdateActivity, v1::UpdateActivityRequest, v1::Activity);
  SAMEN_UNARY_RPC(DeleteActivity, v1::DeleteActivityRequest,
                  google::protobuf::Empty);
  SAMEN_UNARY_RPC(CancelActivity, v1::CancelActivityRequest, v1::Activity);

  SAMEN_UNARY_RPC(CreateEnrolment, v1::CreateEnrolmentRequest, v1::Enrolment);
  SAMEN_UNARY_RPC(GetEnrolment, v1::GetEnrolmentRequest, v1::Enrolment);
  SAMEN_UNARY_RPC(ListEnrolments, v1::ListEnrolmentsRequest,
                  v1::ListEnrolmentsResponse);
  SAMEN_UNARY_RPC(CancelEnrolment, v1::CancelEnrolmentRequest, v1::Enrolment);
  SAMEN_UNARY_RPC(ApproveEnrolment, v1::ApproveEnrolmentRequest, v1::Enrolment);
  SAMEN_UNARY_RPC(DeclineEnrolment, v1::DeclineEnrolmentRequest, v1::Enrolment);

  SAMEN_UNARY_RPC(RecordAttendance, v1::RecordAttendanceRequest,
                  v1::RecordAttendanceResponse);
  SAMEN_UNARY_RPC(ExportSignInSheet, v1::ExportSignInSheetRequest,
                  google::api::HttpBody);
  SAMEN_UNARY_RPC(GetDevelopmentRecord, v1::GetDevelopmentRecordRequest,
                  v1::DevelopmentRecord);
  SAMEN_UNARY_RPC(ExportDevelopmentRecord, v1::ExportDevelopmentRecordRequest,
                  google::api::HttpBody);
  SAMEN_UNARY_RPC(CheckCompletions, v1::CheckCompletionsRequest,
                  v1::CheckCompletionsResponse);
  SAMEN_UNARY_RPC(SubmitFeedback, v1::SubmitFeedbackRequest, v1::Feedback);
  SAMEN_UNARY_RPC(GetFeedbackSummary, v1::GetFeedbackSummaryRequest,
                  v1::FeedbackSummary);
  SAMEN_UNARY_RPC(ListEnrolmentEvents, v1::ListEnrolmentEventsRequest,
                  v1::ListEnrolmentEventsResponse);

  // A person's data (professionalisation_handler_privacy.cc).
  SAMEN_UNARY_RPC(ExportPersonData, privacy::v1::ExportPersonDataRequest,
                  privacy::v1::PersonData);
  SAMEN_UNARY_RPC(ErasePersonData, privacy::v1::ErasePersonDataRequest,
                  privacy::v1::ErasePersonDataResponse);

 private:
  // Fills location names and cities of `a`'s sessions from the Partners
  // service, checking that each location may host (member of the partnership).
  absl::Status ResolveLocations(const CallContext& call, const Owner& owner,
                                v1::Activity* a, absl::string_view prefix);
  // NOT_FOUND-safe organiser check: the activity's owner from the database.
  absl::StatusOr<ActivityFacts> RequireOrganiser(
      const CallContext& call, const std::string& activity_id);
  // A development record the caller may read.
  absl::StatusOr<ProfessionalisationRepository::PersonRecord> ReadableRecord(
      const CallContext& call, const std::string& person_id, bool completions);

  ProfessionalisationRepository* repo_;
  directory::Directory* partners_;
  CallRuntime* runtime_;
  const Clock* clock_;
  // samen_professionalisation, for a person's export and erasure.
  db::Pool* pool_;
};

}  // namespace samen::professionalisation
