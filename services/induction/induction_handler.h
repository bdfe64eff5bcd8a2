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
#include "services/induction/clock.h"
#include "services/induction/directory.h"
#include "services/induction/induction_repository.h"

namespace samen::induction {

class InductionHandler final : public v1::InductionService::CallbackService {
 public:
  InductionHandler(InductionRepository* repository, CallRuntime* runtime,
                   const Clock* clock, Directory* directory)
      : repo_(repository),
        runtime_(runtime),
        clock_(clock),
        directory_(directory) {}

#define SAMEN_RPC(Method, Request, Response)                               \
  grpc::ServerUnaryReactor* Method(grpc::CallbackServerContext* ctx,       \
                                   const v1::Request* req, Response* resp) \
      override
  SAMEN_RPC(GetProgramme, GetProgrammeRequest, v1::Programme);
  SAMEN_RPC(ListProgrammes, ListProgrammesRequest, v1::ListProgrammesResponse);
  SAMEN_RPC(CreateProgramme, CreateProgrammeRequest, v1::Programme);
  SAMEN_RPC(UpdateProgramme, UpdateProgrammeRequest, v1::Programme);
  SAMEN_RPC(GetStarter, GetStarterRequest, v1::Starter);
  SAMEN_RPC(ListStarters, ListStartersRequest, v1::ListStartersResponse);
  SAMEN_RPC(CreateStarter, CreateStarterRequest, v1::Starter);
  SAMEN_RPC(UpdateStarter, UpdateStarterRequest, v1::Starter);

  SAMEN_RPC(GetAvailability, GetAvailabilityRequest, v1::Availability);
  SAMEN_RPC(UpdateAvailability, UpdateAvailabilityRequest, v1::Availability);
  SAMEN_RPC(ListOpenSlots, ListOpenSlotsRequest, v1::ListOpenSlotsResponse);
  SAMEN_RPC(CreateBooking, CreateBookingRequest, v1::Booking);
  SAMEN_RPC(GetBooking, GetBookingRequest, v1::Booking);
  SAMEN_RPC(ListBookings, ListBookingsRequest, v1::ListBookingsResponse);
  SAMEN_RPC(CancelBooking, CancelBookingRequest, v1::Booking);
  SAMEN_RPC(RescheduleBooking, RescheduleBookingRequest, v1::Booking);
  SAMEN_RPC(RecordAttendance, RecordAttendanceRequest, v1::Booking);

  SAMEN_RPC(CreateEvent, CreateEventRequest, v1::Event);
  SAMEN_RPC(GetEvent, GetEventRequest, v1::Event);
  SAMEN_RPC(ListEvents, ListEventsRequest, v1::ListEventsResponse);
  SAMEN_RPC(CancelEvent, CancelEventRequest, v1::Event);
  SAMEN_RPC(RecordEventAttendance, RecordEventAttendanceRequest, v1::Event);

  SAMEN_RPC(CreateNote, CreateNoteRequest, v1::Note);
  SAMEN_RPC(ListNotes, ListNotesRequest, v1::ListNotesResponse);
  SAMEN_RPC(IssueCalendarFeed, IssueCalendarFeedRequest, v1::CalendarFeed);
  SAMEN_RPC(RevokeCalendarFeed, RevokeCalendarFeedRequest,
            google::protobuf::Empty);
  SAMEN_RPC(GetCalendarFeedContent, GetCalendarFeedContentRequest,
            google::api::HttpBody);

  SAMEN_RPC(ListStarterTracking, ListStarterTrackingRequest,
            v1::ListStarterTrackingResponse);
  SAMEN_RPC(SummarizeStarterTracking, SummarizeStarterTrackingRequest,
            v1::SummarizeStarterTrackingResponse);
  SAMEN_RPC(ExportStarterTracking, ExportStarterTrackingRequest,
            google::api::HttpBody);
  SAMEN_RPC(ListAccessRecords, ListAccessRecordsRequest,
            v1::ListAccessRecordsResponse);
#undef SAMEN_RPC

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
  Directory* directory_;
};

// Conversions used by the handler files.
absl::Time FromProtoTime(const google::protobuf::Timestamp& t);
// OK for a set timestamp within years 2000 to 2100.
absl::Status ValidateTimestamp(const google::protobuf::Timestamp& t, bool has,
                               absl::string_view field);

}  // namespace samen::induction
