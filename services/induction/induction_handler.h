#pragma once

// gRPC surface of the Induction service: authorise, validate, map requests onto
// the repository and the rules. One method per RPC; the work runs on the
// bounded executor through CallRuntime. Split by resource:
// induction_handler_programmes.cc (programmes, starters),
// induction_handler_bookings.cc (availability, slots, bookings),
// induction_handler_events.cc (lesson visits, intervision),
// induction_handler_calendar.cc (notes, calendar feed),
// induction_handler_tracking.cc (HR tracking, audit).

#include <string>
#include <vector>

#include "samen/induction/v1/induction_service.grpc.pb.h"
#include "services/common/call.h"
#include "services/common/clock.h"
#include "services/common/directory/directory.h"
#include "services/induction/induction_repository.h"

namespace samen::induction {

class InductionHandler final : public v1::InductionService::CallbackService {
 public:
  InductionHandler(InductionRepository* repository, CallRuntime* runtime,
                   const Clock* clock, directory::Directory* directory)
      : repo_(repository),
        runtime_(runtime),
        clock_(clock),
        directory_(directory) {}

  grpc::ServerUnaryReactor* GetProgramme(grpc::CallbackServerContext* ctx,
                                         const v1::GetProgrammeRequest* req,
                                         v1::Programme* resp) override;
  grpc::ServerUnaryReactor* ListProgrammes(
      grpc::CallbackServerContext* ctx, const v1::ListProgrammesRequest* req,
      v1::ListProgrammesResponse* resp) override;
  grpc::ServerUnaryReactor* CreateProgramme(
      grpc::CallbackServerContext* ctx, const v1::CreateProgrammeRequest* req,
      v1::Programme* resp) override;
  grpc::ServerUnaryReactor* UpdateProgramme(
      grpc::CallbackServerContext* ctx, const v1::UpdateProgrammeRequest* req,
      v1::Programme* resp) override;
  grpc::ServerUnaryReactor* GetStarter(grpc::CallbackServerContext* ctx,
                                       const v1::GetStarterRequest* req,
                                       v1::Starter* resp) override;
  grpc::ServerUnaryReactor* ListStarters(
      grpc::CallbackServerContext* ctx, const v1::ListStartersRequest* req,
      v1::ListStartersResponse* resp) override;
  grpc::ServerUnaryReactor* CreateStarter(grpc::CallbackServerContext* ctx,
                                          const v1::CreateStarterRequest* req,
                                          v1::Starter* resp) override;
  grpc::ServerUnaryReactor* UpdateStarter(grpc::CallbackServerContext* ctx,
                                          const v1::UpdateStarterRequest* req,
                                          v1::Starter* resp) override;

  grpc::ServerUnaryReactor* GetAvailability(
      grpc::CallbackServerContext* ctx, const v1::GetAvailabilityRequest* req,
      v1::Availability* resp) override;
  grpc::ServerUnaryReactor* UpdateAvailability(
      grpc::CallbackServerContext* ctx,
      const v1::UpdateAvailabilityRequest* req,
      v1::Availability* resp) override;
  grpc::ServerUnaryReactor* ListOpenSlots(
      grpc::CallbackServerContext* ctx, const v1::ListOpenSlotsRequest* req,
      v1::ListOpenSlotsResponse* resp) override;
  grpc::ServerUnaryReactor* CreateBooking(grpc::CallbackServerContext* ctx,
                                          const v1::CreateBookingRequest* req,
                                          v1::Booking* resp) override;
  grpc::ServerUnaryReactor* GetBooking(grpc::CallbackServerContext* ctx,
                                       const v1::GetBookingRequest* req,
                                       v1::Booking* resp) override;
  grpc::ServerUnaryReactor* ListBookings(
      grpc::CallbackServerContext* ctx, const v1::ListBookingsRequest* req,
      v1::ListBookingsResponse* resp) override;
  grpc::ServerUnaryReactor* CancelBooking(grpc::CallbackServerContext* ctx,
                                          const v1::CancelBookingRequest* req,
                                          v1::Booking* resp) override;
  grpc::ServerUnaryReactor* RescheduleBooking(
      grpc::CallbackServerContext* ctx, const v1::RescheduleBookingRequest* req,
      v1::Booking* resp) override;
  grpc::ServerUnaryReactor* RecordAttendance(
      grpc::CallbackServerContext* ctx, const v1::RecordAttendanceRequest* req,
      v1::Booking* resp) override;

  grpc::ServerUnaryReactor* CreateEvent(grpc::CallbackServerContext* ctx,
                                        const v1::CreateEventRequest* req,
                                        v1::Event* resp) override;
  grpc::ServerUnaryReactor* GetEvent(grpc::CallbackServerContext* ctx,
                                     const v1::GetEventRequest* req,
                                     v1::Event* resp) override;
  grpc::ServerUnaryReactor* ListEvents(grpc::CallbackServerContext* ctx,
                                       const v1::ListEventsRequest* req,
                                       v1::ListEventsResponse* resp) override;
  grpc::ServerUnaryReactor* CancelEvent(grpc::CallbackServerContext* ctx,
                                        const v1::CancelEventRequest* req,
                                        v1::Event* resp) override;
  grpc::ServerUnaryReactor* RecordEventAttendance(
      grpc::CallbackServerContext* ctx,
      const v1::RecordEventAttendanceRequest* req, v1::Event* resp) override;

  grpc::ServerUnaryReactor* CreateNote(grpc::CallbackServerContext* ctx,
                                       const v1::CreateNoteRequest* req,
                                       v1::Note* resp) override;
  grpc::ServerUnaryReactor* ListNotes(grpc::CallbackServerContext* ctx,
                                      const v1::ListNotesRequest* req,
                                      v1::ListNotesResponse* resp) override;
  grpc::ServerUnaryReactor* IssueCalendarFeed(
      grpc::CallbackServerContext* ctx, const v1::IssueCalendarFeedRequest* req,
      v1::CalendarFeed* resp) override;
  grpc::ServerUnaryReactor* RevokeCalendarFeed(
      grpc::CallbackServerContext* ctx,
      const v1::RevokeCalendarFeedRequest* req,
      google::protobuf::Empty* resp) override;
  grpc::ServerUnaryReactor* GetCalendarFeedContent(
      grpc::CallbackServerContext* ctx,
      const v1::GetCalendarFeedContentRequest* req,
      google::api::HttpBody* resp) override;

  grpc::ServerUnaryReactor* ListStarterTracking(
      grpc::CallbackServerContext* ctx,
      const v1::ListStarterTrackingRequest* req,
      v1::ListStarterTrackingResponse* resp) override;
  grpc::ServerUnaryReactor* SummarizeStarterTracking(
      grpc::CallbackServerContext* ctx,
      const v1::SummarizeStarterTrackingRequest* req,
      v1::SummarizeStarterTrackingResponse* resp) override;
  grpc::ServerUnaryReactor* ExportStarterTracking(
      grpc::CallbackServerContext* ctx,
      const v1::ExportStarterTrackingRequest* req,
      google::api::HttpBody* resp) override;
  grpc::ServerUnaryReactor* ListAccessRecords(
      grpc::CallbackServerContext* ctx, const v1::ListAccessRecordsRequest* req,
      v1::ListAccessRecordsResponse* resp) override;

 private:
  // Records reads of starters' records by staff (HR, coordinators, school
  // educators, administrators); a failure fails the read.
  absl::Status Audit(const CallContext& call,
                     const std::vector<StarterRecord>& starters,
                     absl::string_view action);
  // The booking, when the caller is its starter or its coach; NOT_FOUND for
  // everyone else (no hint whether it exists).
  absl::StatusOr<BookingRecord> VisibleBooking(const CallContext& call,
                                               absl::string_view name,
                                               absl::string_view field);

  // The event, when the caller takes part (coach or starter); NOT_FOUND for
  // everyone else.
  absl::StatusOr<EventRecord> VisibleEvent(const CallContext& call,
                                           absl::string_view name);
  // Records that HR read these starters' tracking rows.
  absl::Status AuditTracking(const CallContext& call,
                             const std::vector<v1::StarterTracking>& rows,
                             absl::string_view action);
  // Every tracking row of `scope`, assessed at the clock's now.
  absl::StatusOr<std::vector<v1::StarterTracking>> AllTracking(
      const CallContext& call, const HrScope& scope);
  // The session of a note listing or note, when the caller is its starter or
  // its coach; PERMISSION_DENIED for everyone else, whatever their role.
  absl::StatusOr<BookingRecord> NoteSession(const CallContext& call,
                                            absl::string_view parent);

  InductionRepository* repo_;
  CallRuntime* runtime_;
  const Clock* clock_;
  directory::Directory* directory_;
};

// Conversions used by the handler files.
absl::Time FromProtoTime(const google::protobuf::Timestamp& t);
// OK for a set timestamp within years 2000 to 2100.
absl::Status ValidateTimestamp(const google::protobuf::Timestamp& t, bool has,
                               absl::string_view field);

}  // namespace samen::induction
