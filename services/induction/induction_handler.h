#pragma once

// gRPC surface of the Induction service: authorise, validate, map requests onto
// the repository and the rules. One method per RPC; the work runs on the
// bounded executor through CallRuntime. Split by resource:
// induction_handler_programmes.cc (programmes, starters),
// induction_handler_bookings.cc (availability, slots, bookings),
// induction_handler_events.cc (lesson visits, intervision),
// induction_handler_calendar.cc (notes, calendar feed),
// induction_handler_tracking.cc (HR tracking, a starter's coaching usage,
// audit), induction_handler_privacy.cc (a person's data exported or erased,
// internal).

#include <string>
#include <vector>

#include "db/pool.h"
#include "samen/induction/v1/induction_service.grpc.pb.h"
#include "services/common/call.h"
#include "services/common/clock.h"
#include "services/common/directory/directory.h"
#include "services/induction/induction_repository.h"

namespace samen::induction {

class InductionHandler final : public v1::InductionService::CallbackService {
 public:
  // `pool` is the service database's, for the privacy engine
  // (induction_handler_privacy.cc).
  InductionHandler(InductionRepository* repository, CallRuntime* runtime,
                   const Clock* clock, directory::Directory* directory,
                   db::Pool* pool)
      : repo_(repository),
        runtime_(runtime),
        clock_(clock),
        directory_(directory),
        pool_(pool) {}

  SAMEN_UNARY_RPC(GetProgramme, v1::GetProgrammeRequest, v1::Programme);
  SAMEN_UNARY_RPC(ListProgrammes, v1::ListProgrammesRequest,
                  v1::ListProgrammesResponse);
  SAMEN_UNARY_RPC(CreateProgramme, v1::CreateProgrammeRequest, v1::Programme);
  SAMEN_UNARY_RPC(UpdateProgramme, v1::UpdateProgrammeRequest, v1::Programme);
  SAMEN_UNARY_RPC(GetStarter, v1::GetStarterRequest, v1::Starter);
  SAMEN_UNARY_RPC(GetCoachingUsage, v1::GetCoachingUsageRequest,
                  v1::CoachingUsage);
  SAMEN_UNARY_RPC(ListStarters, v1::ListStartersRequest,
                  v1::ListStartersResponse);
  SAMEN_UNARY_RPC(CreateStarter, v1::CreateStarterRequest, v1::Starter);
  SAMEN_UNARY_RPC(UpdateStarter, v1::UpdateStarterRequest, v1::Starter);

  SAMEN_UNARY_RPC(GetAvailability, v1::GetAvailabilityRequest,
                  v1::Availability);
  SAMEN_UNARY_RPC(UpdateAvailability, v1::UpdateAvailabilityRequest,
                  v1::Availability);
  SAMEN_UNARY_RPC(ListOpenSlots, v1::ListOpenSlotsRequest,
                  v1::ListOpenSlotsResponse);
  SAMEN_UNARY_RPC(CreateBooking, v1::CreateBookingRequest, v1::Booking);
  SAMEN_UNARY_RPC(GetBooking, v1::GetBookingRequest, v1::Booking);
  SAMEN_UNARY_RPC(ListBookings, v1::ListBookingsRequest,
                  v1::ListBookingsResponse);
  SAMEN_UNARY_RPC(CancelBooking, v1::CancelBookingRequest, v1::Booking);
  SAMEN_UNARY_RPC(RescheduleBooking, v1::RescheduleBookingRequest, v1::Booking);
  SAMEN_UNARY_RPC(RecordAttendance, v1::RecordAttendanceRequest, v1::Booking);

  SAMEN_UNARY_RPC(CreateEvent, v1::CreateEventRequest, v1::Event);
  SAMEN_UNARY_RPC(GetEvent, v1::GetEventRequest, v1::Event);
  SAMEN_UNARY_RPC(ListEvents, v1::ListEventsRequest, v1::ListEventsResponse);
  SAMEN_UNARY_RPC(CancelEvent, v1::CancelEventRequest, v1::Event);
  SAMEN_UNARY_RPC(RecordEventAttendance, v1::RecordEventAttendanceRequest,
                  v1::Event);

  SAMEN_UNARY_RPC(CreateNote, v1::CreateNoteRequest, v1::Note);
  SAMEN_UNARY_RPC(ListNotes, v1::ListNotesRequest, v1::ListNotesResponse);
  SAMEN_UNARY_RPC(IssueCalendarFeed, v1::IssueCalendarFeedRequest,
                  v1::CalendarFeed);
  SAMEN_UNARY_RPC(RevokeCalendarFeed, v1::RevokeCalendarFeedRequest,
                  google::protobuf::Empty);
  SAMEN_UNARY_RPC(GetCalendarFeedContent, v1::GetCalendarFeedContentRequest,
                  google::api::HttpBody);

  SAMEN_UNARY_RPC(ListStarterTracking, v1::ListStarterTrackingRequest,
                  v1::ListStarterTrackingResponse);
  SAMEN_UNARY_RPC(SummarizeStarterTracking, v1::SummarizeStarterTrackingRequest,
                  v1::SummarizeStarterTrackingResponse);
  SAMEN_UNARY_RPC(ExportStarterTracking, v1::ExportStarterTrackingRequest,
                  google::api::HttpBody);
  SAMEN_UNARY_RPC(ListAccessRecords, v1::ListAccessRecordsRequest,
                  v1::ListAccessRecordsResponse);
  SAMEN_UNARY_RPC(ExportPersonData, privacy::v1::ExportPersonDataRequest,
                  privacy::v1::PersonData);
  SAMEN_UNARY_RPC(ErasePersonData, privacy::v1::ErasePersonDataRequest,
                  privacy::v1::ErasePersonDataResponse);

 private:
  // Records an export of the starter's data asked for by someone else (the
  // request's requested_by) as a read of their record.
  absl::Status RecordExportBy(const CallContext& call,
                              const privacy::v1::ExportPersonDataRequest& req,
                              const std::string& person,
                              const google::protobuf::Struct& data);
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
  // Every tracking row of `scope`, assessed at the clock's now; erased
  // starters' only when `include_erased`.
  absl::StatusOr<std::vector<v1::StarterTracking>> AllTracking(
      const CallContext& call, const HrScope& scope,
      bool include_erased = false);
  // The session of a note listing or note, when the caller is its starter or
  // its coach; PERMISSION_DENIED for everyone else, whatever their role.
  absl::StatusOr<BookingRecord> NoteSession(const CallContext& call,
                                            absl::string_view parent);

  InductionRepository* repo_;
  CallRuntime* runtime_;
  const Clock* clock_;
  directory::Directory* directory_;
  db::Pool* pool_;
};

// Conversions used by the handler files.
absl::Time FromProtoTime(const google::protobuf::Timestamp& t);
// OK for a set timestamp within years 2000 to 2100.
absl::Status ValidateTimestamp(const google::protobuf::Timestamp& t, bool has,
                               absl::string_view field);

}  // namespace samen::induction
