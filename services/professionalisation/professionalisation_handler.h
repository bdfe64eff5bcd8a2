#pragma once

// gRPC surface of the Professionalisation service: authorise, validate, map
// requests onto the repository and the rules. One method per RPC; the work
// runs on the bounded executor through CallRuntime::Serve. Activities:
// professionalisation_handler_activities.cc; enrolments:
// professionalisation_handler_enrolments.cc; attendance, records, feedback,
// events: professionalisation_handler_records.cc.

#include <functional>

#include "absl/time/time.h"
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
                             CallRuntime* runtime, const Clock* clock);

  grpc::ServerUnaryReactor* GetActivity(grpc::CallbackServerContext* ctx,
                                        const v1::GetActivityRequest* req,
                                        v1::Activity* resp) override;
  grpc::ServerUnaryReactor* ListActivities(
      grpc::CallbackServerContext* ctx, const v1::ListActivitiesRequest* req,
      v1::ListActivitiesResponse* resp) override;
  grpc::ServerUnaryReactor* CreateActivity(grpc::CallbackServerContext* ctx,
                                           const v1::CreateActivityRequest* req,
                                           v1::Activity* resp) override;
  grpc::ServerUnaryReactor* UpdateActivity(grpc::CallbackServerContext* ctx,
                                           const v1::UpdateActivityRequest* req,
                                           v1::Activity* resp) override;
  grpc::ServerUnaryReactor* DeleteActivity(
      grpc::CallbackServerContext* ctx, const v1::DeleteActivityRequest* req,
      google::protobuf::Empty* resp) override;

  grpc::ServerUnaryReactor* CreateEnrolment(
      grpc::CallbackServerContext* ctx, const v1::CreateEnrolmentRequest* req,
      v1::Enrolment* resp) override;
  grpc::ServerUnaryReactor* GetEnrolment(grpc::CallbackServerContext* ctx,
                                         const v1::GetEnrolmentRequest* req,
                                         v1::Enrolment* resp) override;
  grpc::ServerUnaryReactor* ListEnrolments(
      grpc::CallbackServerContext* ctx, const v1::ListEnrolmentsRequest* req,
      v1::ListEnrolmentsResponse* resp) override;
  grpc::ServerUnaryReactor* CancelEnrolment(
      grpc::CallbackServerContext* ctx, const v1::CancelEnrolmentRequest* req,
      v1::Enrolment* resp) override;
  grpc::ServerUnaryReactor* ApproveEnrolment(
      grpc::CallbackServerContext* ctx, const v1::ApproveEnrolmentRequest* req,
      v1::Enrolment* resp) override;
  grpc::ServerUnaryReactor* DeclineEnrolment(
      grpc::CallbackServerContext* ctx, const v1::DeclineEnrolmentRequest* req,
      v1::Enrolment* resp) override;

  grpc::ServerUnaryReactor* RecordAttendance(
      grpc::CallbackServerContext* ctx, const v1::RecordAttendanceRequest* req,
      v1::RecordAttendanceResponse* resp) override;
  grpc::ServerUnaryReactor* ExportSignInSheet(
      grpc::CallbackServerContext* ctx, const v1::ExportSignInSheetRequest* req,
      google::api::HttpBody* resp) override;
  grpc::ServerUnaryReactor* GetDevelopmentRecord(
      grpc::CallbackServerContext* ctx,
      const v1::GetDevelopmentRecordRequest* req,
      v1::DevelopmentRecord* resp) override;
  grpc::ServerUnaryReactor* ExportDevelopmentRecord(
      grpc::CallbackServerContext* ctx,
      const v1::ExportDevelopmentRecordRequest* req,
      google::api::HttpBody* resp) override;
  grpc::ServerUnaryReactor* CheckCompletions(
      grpc::CallbackServerContext* ctx, const v1::CheckCompletionsRequest* req,
      v1::CheckCompletionsResponse* resp) override;
  grpc::ServerUnaryReactor* SubmitFeedback(grpc::CallbackServerContext* ctx,
                                           const v1::SubmitFeedbackRequest* req,
                                           v1::Feedback* resp) override;
  grpc::ServerUnaryReactor* GetFeedbackSummary(
      grpc::CallbackServerContext* ctx,
      const v1::GetFeedbackSummaryRequest* req,
      v1::FeedbackSummary* resp) override;
  grpc::ServerUnaryReactor* ListEnrolmentEvents(
      grpc::CallbackServerContext* ctx,
      const v1::ListEnrolmentEventsRequest* req,
      v1::ListEnrolmentEventsResponse* resp) override;

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
};

}  // namespace samen::professionalisation
